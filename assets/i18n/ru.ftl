# Русский. Каждое сообщение есть и в en.ftl, с теми же подстановками.

## epay-status config

config-language = { $language } ({ $why })
config-language-flag = из --lang
config-language-environment = из EPAY_STATUS_LANG
config-language-file = из language в файле настроек
config-language-locale = из { $variable }={ $value }
config-language-default = по умолчанию: язык и локаль не заданы
config-not-set = (не задано)
config-secret-set = ******** (задан)
config-embedded-sandbox = (встроенная песочница)
config-timeout = { $seconds } с на запрос
config-deadline = { $seconds } с на проверку, с повторами
config-concurrency = { $count ->
    [one] { $count } проверка одновременно
    [few] { $count } проверки одновременно
   *[many] { $count } проверок одновременно
}
config-watch = каждые { $minutes } мин
config-operator = { $name } (записывается с каждой проверкой)
config-case-deadline = { $days ->
    [one] { $days } день после открытия спора
    [few] { $days } дня после открытия спора
   *[many] { $days } дней после открытия спора
}
config-case-deadline-none = не предлагается
config-retention = { $days ->
    [one] { $days } день
    [few] { $days } дня
   *[many] { $days } дней
}
config-retention-all = хранится всё
config-faults-none = нет
config-file-missing = { $path } (не найден; встроенные значения)
config-history-team = { $location } (команда, PostgreSQL)
config-history-here = { $path } (этот компьютер)

## The dashboard: keys (help and status bar hints)

help-help = эта справка, вкл. и выкл. (в строке фильтра ? — это текст)
hint-help = ? справка
help-submit = в поле: проверить набранные или вставленные счета
hint-submit = Enter проверить
help-recheck = проверить выбранный счёт ещё раз
hint-recheck = r ещё раз
help-open-details = в списке: подробности выбранной проверки (ничего не отправляется)
help-clear-box = очистить поле счёта; вставка добавляется к набранному отдельными номерами
help-start-typing = начать набирать номер счёта из любой панели
help-toggle-type = тип проверки: auto → payment → p2p
hint-toggle-type = ^T тип
help-focus-next = следующая, предыдущая панель
hint-focus-next = Tab панель
help-up = по списку или по подробностям; на страницу; в начало и в конец
help-raw-json = исходный JSON ответа, вкл. и выкл.
hint-raw-json = v JSON
help-map = место IP на карте мира, во весь экран
hint-map = m карта
help-report = записать отчёт-доказательство (Markdown и JSON)
hint-report = w отчёт
help-sort = порядок списка: сначала новые, по статусу, по сумме
help-watch = следить за счётом: проверять его снова каждые несколько минут
help-copy = в буфер терминала (OSC 52): затем s сводка (в режиме JSON — JSON), i счёт, r RRN, c маска карты, p IP
hint-copy = y копия
hint-copy-summary = s сводка
hint-copy-invoice = i счёт
hint-copy-rrn = r RRN
hint-copy-card = c карта
hint-copy-ip = p IP
help-case-note = добавить заметку к спору по счёту (открывает спор)
hint-case-note = n заметка
help-case-state = состояние спора, его срок (2026-12-05, 05.12.2026, +7, none)
help-case-own = взять спор себе; пометить тегом (chargeback, fraud; -слово снимает тег)
help-toggle-cases = споры: открытые по сроку, просроченные первыми; ещё раз — история
hint-toggle-cases = C споры
help-open-case = в спорах: проверки счёта выбранного спора
hint-open-case = Enter проверки
help-save-case = в заметке: сохранить; Enter — новая строка, Esc оставляет черновик
hint-save-case = ^S сохранить
help-save-case-2 = в сроке, тегах или состоянии спора: сохранить; в списке состояний 1-8 сохраняют сразу
hint-save-case-2 = Enter сохранить
help-filter = отобрать историю по любому тексту (Enter применяет, Esc отменяет)
hint-filter = / фильтр
hint-apply-filter = Enter применить
help-messages = последние сообщения целиком (пути выгрузок и отчётов), вкл. и выкл.
help-same-card = другие проверки с этой картой, с этим IP
help-export = выгрузить эту проверку, список как показан (CSV+JSON)
hint-export = e выгрузка
help-leave-or-close = закрыть окно или фильтр, выйти из поля счёта
hint-leave-or-close = Esc отмена
help-quit = выход
hint-quit = q выход

## The dashboard: status bar and help

status-token-none = токен: ещё нет
status-token-renewing = токен: обновляется
status-token-valid = токен: действует до { $until }
status-token-failed = токен: ошибка: { $why }
status-watched = под наблюдением: { $count }
status-due = ▲ к сроку: { $count }
status-in-flight = в работе: { $count }
status-team-live = команда: на связи
status-team-sending = команда: отправка { $count }
status-team-away = команда: нет связи
status-team-spooled = команда: ждут { $count }
help-title = Справка — Esc или ? закрывает, ↑↓ листают
help-more = ↓ ещё
help-config = Настройки
help-log = Журнал
help-history = История
help-note-letters = Буквы действуют вне поля счёта: Esc или Tab выходит из него.
help-note-mouse = Мышь: щелчок по панели выбирает её, по строке — строку; колесо листает.

## The dashboard: panes

box-invoice = Счёт
box-filter-history = Фильтр истории
box-filter-cases = Фильтр споров
box-copy-menu = копия: s сводка · i счёт · r RRN · c маска карты · p IP (Esc: ничего)
box-filter-cases-hint = счёт, состояние, владелец, тег · Enter применяет · Esc отменяет
box-filter-history-hint = счёт, карта, email, имя, IP, город, статус · Enter применяет · Esc отменяет
box-invoice-hint = от 6 до 15 цифр · можно вставить много сразу
box-unfocused-hint = Tab или щелчок — набрать
history-title = История ({ $count })
history-title-filtered = История — { $filter } ({ $count })
history-esc-shows-all = Esc — вся история
column-time = Время
column-invoice = Счёт
column-type = Тип
column-status = Статус
column-amount = Сумма
column-card = Карта
messages-none = Сообщений пока нет.
messages-title = Сообщения — новые сверху; Esc или M закрывает
details-reading-history = Читаю историю…
details-never-checked = { $invoice } здесь ещё не проверялся: наберите его в поле, чтобы проверить, C покажет его спор, Esc — вся история.
details-no-matches = Ничего не найдено: { $filter }. Esc — вся история.
details-title = Подробности — { $invoice }
details-title-raw = Исходный JSON — { $invoice }
details-title-case = Спор — { $invoice }
details-title-no-case = Спор
details-title-none = Подробности
welcome-type = Наберите номер счёта (от 6 до 15 цифр) в поле выше и нажмите Enter.
welcome-sandbox = В песочнице попробуйте 205218074 (пример из справочника) или 200000001 (p2p).
welcome-paste = Вставьте несколько номеров сразу, чтобы проверить все. ? — все клавиши.
box-type = тип:
details-more-tab = ↓ ещё: Tab, PgDn
details-more = ↓ ещё: PgDn

## Dispute cases on the dashboard

state-open = открыт
state-waiting-customer = ждём клиента
state-waiting-bank = ждём банк
state-evidence-sent = доказательства отправлены
state-won = выигран
state-lost = проигран
state-refunded = возврат
state-closed = закрыт
state-short-waiting-customer = ждём клиента
state-short-waiting-bank = ждём банк
case-deadline-none = нет
case-no-deadline = без срока
case-due-today = срок сегодня
case-days-left = { $days ->
    [one] остался { $days } день
    [few] осталось { $days } дня
   *[many] осталось { $days } дней
}
case-days-overdue = { $days ->
    [one] просрочен на { $days } день
    [few] просрочен на { $days } дня
   *[many] просрочен на { $days } дней
}
case-deadline-on = срок { $date }
change-note = заметка: { $text }
change-state = состояние → { $state }
change-deadline = срок → { $date }
change-deadline-removed = срок снят
change-owner = владелец → { $name }
change-tag = тег { $word }
change-untag = тег снят: { $word }
cases-title = Споры (открыто: { $open })
cases-title-filtered = Споры — «{ $filter }» (открыто: { $open })
cases-overdue = ▲ просрочено: { $count }
cases-history-key = C история
cases-none = Споров пока нет. Выберите проверку и нажмите n, чтобы открыть спор заметкой.
cases-no-match = Ни один спор не подходит. Esc — все споры.
column-due = Срок
column-state = Состояние
column-owner = Владелец
column-tags = Теги
case-label = Спор
case-more-notes = { $count ->
    [one] { $count } заметка; C — все споры целиком
    [few] { $count } заметки; C — все споры целиком
   *[many] { $count } заметок; C — все споры целиком
}
case-none-selected = Спор не выбран.
case-field-state = Состояние
case-field-deadline = Срок
case-field-owner = Владелец
case-field-tags = Теги
case-field-opened = Открыт
case-no-tags = нет
case-opened-by = { $time }, { $who }
case-reading-trail = Читаю историю спора…
case-trail-heading = Заметки и изменения, новые сверху
editor-saving = сохраняю…
editor-note-title = Заметка к { $invoice }
editor-deadline-title = Срок по { $invoice }
editor-tags-title = Теги { $invoice }
editor-state-title = Состояние спора { $invoice }
editor-note-help = Ctrl-S сохраняет · Enter: новая строка · Esc — черновик
editor-deadline-help = 2026-12-05, 05.12.2026, +7 или none · Enter сохраняет · Esc
editor-tags-help = слова добавляют теги, -слово снимает · Enter сохраняет · Esc
editor-state-help = ↑↓ и Enter, или 1-8 · Esc
editor-state-now = (сейчас)
