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
config-watch = раз в { $minutes } мин
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
config-history-team = { $location } (команда, PostgreSQL; ждёт { $connect } с подключения, { $query } с ответа на запрос)
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
help-report = записать отчёт-доказательство (Markdown, JSON и PDF)
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
help-zoom = активная панель: обычная, на пол-экрана, на весь экран — по очереди
help-reconnect = связаться с историей команды сейчас, не дожидаясь следующей попытки
help-toggle-cases = споры: открытые по сроку, просроченные первыми; ещё раз — история
hint-toggle-cases = C споры
help-open-case = в спорах: проверки счёта выбранного спора
hint-open-case = Enter проверки
help-save-case = в заметке: сохранить; Enter — новая строка, Esc оставляет черновик
hint-save-case = ^S сохранить
help-save-case-2 = в сроке, тегах или состоянии спора: сохранить; в списке состояний 1-8 сохраняют сразу
hint-save-case-2 = Enter сохранить
help-filter = отфильтровать историю по любому тексту (Enter применяет, Esc отменяет)
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
status-watched = следим: { $count }
status-due = ▲ { $count ->
    [one] { $count } спор к сроку
    [few] { $count } спора к сроку
   *[many] { $count } споров к сроку
}
status-in-flight = в работе: { $count }
status-team-live = команда: на связи
status-team-sending = команда: отправка { $count }
status-team-away = команда: нет связи
status-team-spooled = команда: ждут { $count }
status-team-next-try = { $state } · снова через { $seconds } с
status-team-try-in = { $state } · через { $seconds } с
status-team-in = { $state } · { $seconds } с
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
history-title-away = История — нет связи с командой с { $since } · проверки этого запуска ({ $count })
history-title-unread = История — не прочитана · проверки этого запуска ({ $count })
history-esc-shows-all = Esc — вся история
column-time = Время
column-invoice = Счёт
column-type = Тип
column-status = Статус
column-amount = Сумма
column-card = Карта
column-by = Кто
messages-none = Сообщений пока нет.
messages-title = Сообщения — новые сверху; Esc или M закрывает
details-reading-history = Читаем историю…
details-never-checked = { $invoice } здесь ещё не проверялся: наберите его в поле, чтобы проверить, C покажет его спор, Esc — вся история.
details-no-matches = Ничего не найдено: { $filter }. Esc — вся история.
details-title = Подробности — { $invoice }
details-title-raw = Исходный JSON — { $invoice }
details-title-case = Спор — { $invoice }
details-title-no-case = Спор
details-title-none = Подробности
welcome-type = Наберите номер счёта (от 6 до 15 цифр) в поле выше и нажмите Enter.
welcome-sandbox = В песочнице попробуйте 205218074 (пример из документации) или 200000001 (p2p).
welcome-paste = Вставьте несколько номеров сразу, чтобы проверить все. ? — все клавиши.
lookup-type-auto = авто
lookup-type-payment = платёж
lookup-type-p2p = p2p
box-type = тип:
details-more-tab = ↓ ещё: Tab, PgDn
details-more = ↓ ещё: PgDn

## Dispute cases on the dashboard

state-open = открыт
state-waiting-customer = ждём покупателя
state-waiting-bank = ждём банк
state-evidence-sent = доказательства отправлены
state-won = выигран
state-lost = проигран
state-refunded = возврат
state-closed = закрыт
state-short-waiting-customer = ждём покуп.
state-short-waiting-bank = ждём банк
state-short-evidence-sent = док. отправл.
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
change-tag = тег добавлен: { $word }
change-untag = тег снят: { $word }
cases-title = Споры (открыто: { $open })
cases-title-filtered = Споры — «{ $filter }» (открыто: { $open })
cases-overdue = ▲ просрочено: { $count }
cases-history-key = C история
cases-title-unread = Споры — не прочитаны
cases-unread-away = История команды недоступна (с { $since }): споры сейчас не прочитать. Они будут прочитаны, когда она ответит; R — попробовать сейчас.
cases-unread = Споры не удалось прочитать (M — почему).
cases-none = Споров пока нет. Выберите проверку и нажмите n, чтобы открыть спор заметкой.
cases-no-match = Ни один спор не подходит. Esc — все споры.
column-due = Срок
column-state = Состояние
column-owner = Владелец
column-tags = Теги
case-label = Спор:
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
case-reading-trail = Читаем заметки и изменения…
case-trail-heading = Заметки и изменения, новые сверху
editor-saving = сохраняем…
editor-note-title = Заметка к { $invoice }
editor-deadline-title = Срок по { $invoice }
editor-tags-title = Теги { $invoice }
editor-state-title = Состояние спора { $invoice }
editor-note-help = Ctrl-S сохраняет · Enter: новая строка · Esc — черновик
editor-deadline-help = ввод заменяет срок: 2026-12-05, 05.12.2026, +7 или none · Ctrl-U очищает · Enter сохраняет · Esc
editor-tags-help = слова добавляют теги, -слово снимает · Enter сохраняет · Esc
editor-state-help = ↑↓ и Enter, или 1-8 · Esc
editor-state-now = (сейчас)

## Result codes and statuses: what they mean, what to do

code-success = успешно
code-reject = отклонено ePay
code-not-found = счёт не найден
code-error = ошибка на стороне ePay
code-terminal-absent = в токене нет терминала
code-try-later = ePay просит повторить позже
code-terminal-not-owned = терминал не принадлежит клиенту
code-other = неизвестный код результата
advice-not-found-auto = Не найден ни как платёж, ни как перевод p2p: проверьте номер счёта и что профиль (terminal, client_id) принадлежит мерчанту, который его принял.
advice-reject = ePay отклонил запрос; проверьте счёт и учётные данные профиля.
advice-not-found = Проверьте номер счёта и тип проверки: перевод p2p не находится как платёж, и наоборот.
advice-error = Повторите через минуту; если не проходит, обратитесь в поддержку ePay.
advice-terminal-absent = Укажите терминал профиля (EPAY_TERMINAL или `terminal` в файле настроек).
advice-try-later = Повторите позже.
advice-terminal-not-owned = Терминал не соответствует client_id: проверьте terminal и client_id профиля.
advice-other = Неизвестный код; посмотрите исходный ответ.
status-new = создан, в обработке
status-auth = авторизован: средства заблокированы, ещё не списаны
status-charge = списан: деньги получены
status-cancel = блокировка снята
status-refund = возвращён
status-reject = отклонён
status-failed = не прошёл
status-3d = 3-D Secure не пройден
status-verified = только проверка карты
status-fingerprint = идёт проверка отпечатка устройства
status-other = неизвестный статус

## The sheet: an answer's fields, for the details pane, `lookup` and the report

sheet-no-answer = нет ответа
sheet-code = код { $code }
sheet-partial = частичный
sheet-no-status = в ответе нет статуса
sheet-result-line = результат { $code } — { $meaning }
sheet-answer = Ответ
sheet-type = Тип
sheet-result = Результат
sheet-what-to-do = Что делать
sheet-other-fields = Другие поля
sheet-status = Статус
sheet-as-sent = { $sent } как пришло, не распознано (не входит в суммы и сортировку)
sheet-amounts = Суммы
sheet-amount = Сумма
sheet-amount-of = { $amount } из { $total }
sheet-partial-refund-of = частичный возврат из { $amount }
sheet-original-amount = Исходная сумма
sheet-payout-amount = Сумма выплаты
sheet-bonus-amount = Бонусы
sheet-card = Карта
sheet-card-type = Тип карты
sheet-issuer = Эмитент
sheet-card-id = ID карты
sheet-customer = Покупатель
sheet-name = Имя
sheet-email = Email
sheet-phone = Телефон
sheet-unknown = неизвестно
sheet-country = Страна
sheet-region = Регион
sheet-city = Город
sheet-district = Район
sheet-coordinates = Координаты
sheet-transaction = Транзакция
sheet-created = Создан
sheet-created-sent = Создан (исходно)
sheet-approval-code = Код авторизации
sheet-reference = Референс (RRN)
sheet-rrn-statements = RRN (в выписках)
sheet-reason = Причина
sheet-terminal = Терминал
sheet-terminal-id = ID терминала
sheet-account-id = ID аккаунта
sheet-description = Описание
sheet-language = Язык
sheet-transaction-id = ID транзакции
sheet-not-json = (не JSON)
sheet-data = Данные
sheet-yes = да
sheet-no = нет

## The summary an operator pastes into a ticket (y s)

summary-no-transaction = Счёт { $invoice } ({ $kind }): результат { $code } { $message }.
summary-head = Счёт { $invoice } ({ $kind }): { $headline }.
summary-amount = {" "}{ $amount }.
summary-amount-of = {" "}{ $amount } из { $total }.
summary-amount-as-sent = {" "}Сумма { $sent } как пришла (не распознана).
summary-card = {" "}Карта { $card }.
summary-customer = {" "}Покупатель { $name }.
summary-ip = {" "}IP { $ip }.
summary-3ds = {" "}3-D Secure: { $said }.
summary-created = {" "}Создан { $created }.
summary-rrn = {" "}RRN { $rrn }.
summary-rrn-approval = {" "}RRN { $rrn }, код авторизации { $approval }.

## Risk hints: what looks wrong, and why

risk-high = ВЫСОКИЙ
risk-medium = СРЕДНИЙ
risk-info = ИНФО
risk-no-3ds = Без 3-D Secure
risk-no-3ds-why = держатель карты не прошёл аутентификацию
risk-no-3ds-details = держатель карты не прошёл аутентификацию (secureDetails { $details })
risk-outside-country = IP вне своей страны
risk-outside-country-in = ipCountry — { $country }, но точка { $at } лежит в стране { $actual }
risk-outside-country-none = ipCountry — { $country }, но точка { $at } не лежит ни в одной стране (море или граница)
risk-unknown-country = Неизвестная страна IP
risk-unknown-country-why = { $country } — незнакомое программе название страны; место не проверено
risk-no-country = Страна IP не указана
risk-no-country-why = координаты лежат в стране { $actual }
risk-partial-refund = Частичный возврат
risk-partial-refund-why = возвращено { $amount } из { $total }
risk-refunded = Возврат
risk-refunded-why = возвращено { $amount }
risk-cancelled = Отменён
risk-cancelled-why = блокировка снята; деньги не списаны
risk-declined = Отклонён
risk-old-hold = Давняя блокировка
risk-old-hold-why = { $days ->
    [one] авторизован { $days } день назад
    [few] авторизован { $days } дня назад
   *[many] авторизован { $days } дней назад
} и не списан: блокировка может истечь
risk-two-emails = Два разных email
risk-two-emails-why = в данных заказа { $data }, у покупателя { $email }
risk-card-seen = Карта уже встречалась
risk-ip-seen = IP уже встречался
risk-seen-in = { $count ->
    [one] в { $count } проверке
   *[other] в { $count } проверках
} других счетов
risk-seen-more-than = более чем в { $count } проверках других счетов
risk-issuer-response = Ответ эмитента
risk-issuer-response-why = reasonCode { $code }: { $meaning }

## The evidence report (Markdown)

report-title = Доказательства: счёт { $invoice }
report-checked-by = Проверен { $at }, { $who }, профиль «{ $profile }»
report-checked = Проверен { $at }, профиль «{ $profile }»
report-written = Отчёт составлен { $at } программой epay-status { $version }.
report-result = результат { $code } { $message }
report-risk-hints = Признаки риска
report-no-hints = Нет.
report-severity = Уровень
report-hint = Признак
report-why = Почему
report-field = Поле
report-value = Значение
report-ip-location = Место IP
report-lies-in = Точка { $point } лежит в стране { $country }.
report-lies-in-none = Точка { $point } не лежит ни в одной стране.
report-no-answer = Нет ответа
report-checks = Проверки этого счёта
report-checked-at = Проверен
report-by = Кто
report-type = Тип
report-result-column = Результат
report-status = Статус
report-this-check = эта проверка
report-changed = изменился
report-raw-answer = Исходный ответ
report-none = нет
report-opened-by = { $at }, { $who }
report-case = Спор
report-case-state = Состояние
report-case-deadline = Срок
report-case-owner = Владелец
report-case-tags = Теги
report-case-opened = Открыт
report-case-trail = Заметки и изменения
report-when = Когда
report-what = Что
report-note = заметка: { $text }
report-pdf-page = страница { $page } из { $pages }
report-pdf-made = счёт { $invoice } · составлен { $at } · профиль { $profile } · { $who }
report-nobody = кто-то без имени

## Errors and the command line

cli-error = ошибка: { $message }
cli-warning = предупреждение: { $message }
stamp-role = { $by } (роль { $role })
stamp-role-time = { $by } (роль { $role }, записано { $at })
cli-rows-skipped = { $count ->
        [one] { $count } строку
        [few] { $count } строки
       *[many] { $count } строк
    } в { $location } не удалось прочитать, { $count ->
        [one] она пропущена
       *[other] они пропущены
    } (первая: { $first }); в журнале названа каждая
cli-nothing-sent = { $error }; ничего не отправлено
invoice-invalid = неверный номер счёта «{ $shown }»: нужно от 6 до 15 цифр
error-fresh-token-refused = ePay отклонил только что выданный токен (HTTP 401): проверьте учётные данные профиля и адрес API
error-redirected = HTTP { $status }: перенаправление на { $to }, другой адрес; перенаправления выполняются только в пределах заданного (укажите в api_url конечный адрес)
error-not-json = HTTP { $status } ({ $type }): ответ не в формате JSON
error-not-an-object = HTTP { $status } ({ $type }): тело ответа — не объект JSON
error-no-result-code = HTTP { $status } ({ $type }): в ответе нет кода результата
error-answer-too-large = HTTP { $status }: ответ больше { $kib } КиБ и не прочитан
error-token-too-large = HTTP { $status }: ответ на запрос токена больше { $kib } КиБ и не прочитан
error-answer-cut-short = HTTP { $status }: ответ оборвался ({ $detail })
error-token-cut-short = HTTP { $status }: ответ на запрос токена оборвался ({ $detail })
error-token-redirect = адрес токена ответил HTTP { $status } с перенаправлением на { $to }: секрет клиента на другой адрес не отправляется, укажите в token_url конечный адрес
error-token-refused = запрос токена отклонён (HTTP { $status }): проверьте client_id, client_secret и terminal этого профиля
error-token-refused-said = запрос токена отклонён (HTTP { $status }): проверьте client_id, client_secret и terminal этого профиля (сервер ответил: { $said })
error-token-not-json = ответ на запрос токена — не тот JSON, что ожидался: { $detail }
error-token-no-access-token = в ответе на запрос токена нет access_token
error-nothing-recorded = ничего не записано
error-stored-too-large = сохранённый ответ больше { $mib } МиБ: не прочитан
error-timeout = время ожидания истекло: { $detail }
error-network = ошибка сети: { $detail }
failure-after-attempts = { $error } ({ $count ->
    [one] после { $count } попытки
   *[other] после { $count } попыток
})
lookup-cannot-read = не удалось прочитать список счетов { $path }: { $error }
lookup-no-invoice = не указан номер счёта: укажите один или несколько номеров или --file ФАЙЛ (- для stdin)
lookup-not-saved = предупреждение: не сохранено в историю: { $problem }
lookup-interrupted = прервано: проверки, выведенные выше, записаны; новые проверки не начинались
lookup-result-problem = { $invoice }: результат { $code } ({ $meaning }): { $advice }
lookup-no-answer = нет ответа ({ $kind }): { $error }
lookup-spooled = примечание: { $count ->
    [one] { $count } проверка ждёт
    [few] { $count } проверки ждут
   *[many] { $count } проверок ждут
} в очереди для истории команды { $location }: отправятся, когда она ответит, при следующем запуске или команде

## `history`: the table and its messages; the CSV header (its columns' names, comma-separated)

history-col-checked = ПРОВЕРЕН
history-col-invoice = СЧЁТ
history-col-type = ТИП
history-col-result = РЕЗ
history-col-status = СТАТУС
history-col-amount = СУММА
history-col-by = КТО
history-never-checked = { $invoice } ни разу не проверялся: его нет в истории { $location }
history-empty = в истории { $location } ещё нет проверок
history-cannot-write = ошибка: не удалось вывести историю: { $error }
csv-history-header = Проверен,Профиль,Оператор,Компьютер,Счёт,Тип,Код результата,Сообщение,Статус,Сумма,Исходная сумма,Валюта,Карта,Тип карты,Эмитент,ID карты,Имя,Email,Телефон,IP,Страна IP,Город IP,Создан,Референс (RRN),Код авторизации,3-D Secure,Роль в базе,Записан сервером,Ошибка

## The dashboard's notices (the line under the box, and the messages overlay)

notice-lookup-gone = этой проверки больше нет в истории (удалена по сроку?)
notice-cannot-read-history = не удалось прочитать историю: { $error }
notice-exported = { $count ->
    [one] { $shown } проверка выгружена
    [few] { $shown } проверки выгружены
   *[many] { $shown } проверок выгружено
} в { $json } и { $csv }
notice-nothing-to-export = выгружать нечего
notice-export-failed = выгрузка в { $dir } не удалась: { $error }
notice-report-written = отчёт записан: { $markdown } (и .json, .pdf)
notice-report-failed = отчёт не записан: { $error }
notice-case-away = { $error }; ничего не записано: сохраните снова, когда история команды ответит
notice-cannot-read-cases = не удалось прочитать споры: { $error }
notice-spool-sent = { $count ->
    [one] { $count } проверка из очереди отправлена
    [few] { $count } проверки из очереди отправлены
   *[many] { $count } проверок из очереди отправлено
} в историю команды
notice-spool-not-sent = очередь ещё не отправлена: { $error }
notice-matches = { $count ->
    [one] подходит { $shown } проверка
    [few] подходят { $shown } проверки
   *[many] подходят { $shown } проверок
}: { $filter }
notice-not-saved = не сохранено в историю: { $problem }
notice-watched-changed = счёт под слежением { $invoice } изменился: { $from } → { $to }
count-more-than = более { $count }
filter-all = все
filter-card = карта { $mask }, другие счета
filter-this-card = эта карта, другие счета
filter-ip = IP { $ip }, другие счета
filter-invoice = счёт { $invoice }
sort-newest = сначала новые
sort-status = по статусу
sort-amount = по сумме, по валютам

## The details pane: a lookup under way, its answer or its error

details-looking-up = проверяем { $invoice } ({ $kind })…
details-retrying = повтор ({ $attempt }/{ $of }): { $reason }
details-reading-lookup = Читаем эту проверку из истории…
details-checked = проверен { $at }
details-checked-by = проверен { $at }, { $who }
details-no-answer-badge = НЕТ ОТВЕТА
details-error-kind = ошибка: { $kind }
details-body-head = Начало тела ответа:
details-last-good = Последний успешный ответ, проверен { $at }:
details-c-lists-them = c — список
details-i-lists-them = i — список
details-result-code = результат { $code }
details-case-change = спор: { $change }
details-timeline-latest = Проверки и спор (последние проверки; w — отчёт со всеми)
details-timeline-case = Проверки и спор
details-raw-no-answer = нет ответа: { $error }
details-raw-waiting = ждём ответа…
details-raw-reading = читаем из истории…
history-reading = читаем…
history-error = ошибка
history-batch = пакет { $done }/{ $of }

## Why a key did nothing; what the box did with what was typed

cannot-no-lookup-here = здесь нет проверки: Enter покажет проверки этого спора, тогда клавиша сработает
cannot-not-invoice-key = «{ $key }» не входит в номер счёта (Esc — выйти из поля, тогда буквы работают как клавиши)
cannot-no-case-to-check = не выбран спор для проверки
cannot-nothing-to-recheck = не выбрано, что проверить ещё раз
cannot-nothing-selected-to = не выбрано, { $action ->
    [export] что выгрузить
   *[report] для чего писать отчёт
}
cannot-still-checking-to = { $invoice } ещё проверяется: { $action ->
    [export] выгрузите
   *[report] напишите отчёт
}, когда придёт ответ
cannot-not-saved-to = { $invoice } не сохранён в историю, { $action ->
    [export] выгружать нечего
   *[report] отчёт писать не о чем
}
cannot-no-transaction = в этой проверке нет транзакции: нечего сопоставлять по карте или IP
cannot-no-card-or-ip = в этой проверке нет ID карты или IP для сопоставления
cannot-copy-missing = в этом ответе нет { $what ->
    [invoice] номера счёта
    [rrn] RRN
    [card] маски карты
    [ip] IP
    [json] исходного JSON
   *[summary] сводки
}
notice-copied = { $what ->
    [invoice] номер счёта отправлен
    [rrn] RRN отправлен
    [card] маска карты отправлена
    [ip] IP отправлен
    [json] исходный JSON отправлен
   *[summary] сводка отправлена
} в буфер терминала (OSC 52)
summary-no-answer = Счёт { $invoice }: нет ответа ({ $kind }): { $error }
cannot-nothing-selected = ничего не выбрано
cannot-still-checking = ещё проверяется: повторите, когда придёт ответ
cannot-details-loading = подробности ещё загружаются: повторите через миг
notice-type-an-invoice = введите номер счёта: от 6 до 15 цифр
notice-not-invoices = { $skipped }: не номер счёта (от 6 до 15 цифр); ничего не отправлено
notice-some-skipped = отправлено: { $count }; пропущено, не номера счетов: { $skipped }
notice-paste-too-long = вставка слишком длинная для поля ({ $size } КиБ; не более { $most } КиБ или { $ids } номеров): используйте epay-status lookup --file ФАЙЛ
cannot-no-case-target = ничего не выбрано: выберите проверку или спор
cannot-no-case-yet = по { $invoice } ещё нет спора: спор открывается заметкой (n), состоянием (S) или сроком (D)
notice-case-saving = сохраняем… (редактор закроется, когда спор будет записан)
notice-unsaved-note = несохранённая заметка для { $invoices }: n открывает её, Ctrl-S сохраняет, при выходе она пропадёт
notice-quit-spooled = { $count ->
    [one] { $count } проверка ждёт
    [few] { $count } проверки ждут
   *[many] { $count } проверок ждут
} в очереди { $spool }: их отправит следующий запуск epay-status на этой машине, когда история команды ответит
case-news-opened = { $by } открывает спор { $invoice }
case-news-took = { $by } берёт спор { $invoice }
case-news-gave = { $by } передаёт спор { $invoice }: { $owner }
case-news-state = { $by }: спор { $invoice } — { $state }
case-news-note = { $by } добавляет заметку к спору { $invoice }
case-news-changed = { $by } меняет спор { $invoice }
notice-case-yours-already = спор { $invoice } уже ваш: брать нечего
notice-quit-again = q или Ctrl-C ещё раз — выйти
notice-team-back = история команды снова отвечает (связи не было с { $since }); списки прочитаны заново
notice-team-trying = пробую связаться с историей команды
notice-team-live-already = история команды на связи: пробовать нечего
notice-draft-kept = заметка для { $invoice } сохранена как черновик: n откроет её снова
notice-case-not-changed = спор по { $invoice } не изменён: { $error }
notice-case-opened = спор по { $invoice } открыт: { $state }, { $owner }
notice-case-opened-due = спор по { $invoice } открыт: { $state }, срок { $due }, { $owner }
notice-note-added = заметка добавлена
notice-nothing-to-change = менять нечего
notice-case-changed = спор по { $invoice }: { $said }
cli-no-log-file = { $error }; работаем без файла журнала
cli-nothing-written = { $error }; ничего не записано

## `case` and `cases`

case-none = по { $invoice } нет спора: откройте его с --note ТЕКСТ, --state СОСТОЯНИЕ или --deadline ДАТА
case-try-again = ; повторите, когда история команды ответит
case-not-changed-away = { $error }; спор не изменён: повторите, когда история команды ответит
case-not-changed = { $error }; спор не изменён
case-cannot-write = не удалось вывести: { $error }
case-title = Спор по счёту { $invoice }
case-trail = Заметки и изменения (сначала старые):
cases-cli-none = { $which ->
    [all] споров
   *[open] открытых споров
} нет в { $location }
cases-col-invoice = СЧЁТ
cases-col-due = СРОК
cases-col-state = СОСТОЯНИЕ
cases-col-owner = ВЛАДЕЛЕЦ
cases-col-notes = ЗАМЕТКИ
cases-col-tags = ТЕГИ
cases-days = { $days }д
csv-cases-header = Счёт,Состояние,Срок,Владелец,Теги,Заметки,Открыт,Открыл,Изменён,Изменил

## --help: what each command and argument is for; clap's headings

cli-about = Проверка статуса платежей Halyk Bank ePay из терминала.
cli-about-more = Без команды открывает панель на выбранном профиле (встроенная песочница, если ничего не настроено).
cli-profile = Профиль: sandbox, test, prod или профиль из файла настроек [env: EPAY_PROFILE]
cli-config = Файл настроек [env: EPAY_STATUS_CONFIG]
cli-data-dir = Куда писать историю и журналы [env: EPAY_STATUS_DATA_DIR]
cli-lang = Язык: ru или en [env: EPAY_STATUS_LANG; по умолчанию — из локали]
cli-lookup = Проверить счета и вывести по каждому карточку (или JSON Lines)
cli-type = payment, p2p или auto (payment, затем p2p, если не найден) [по умолчанию: auto]
cli-lookup-json = Один объект JSON на строку
cli-lookup-timeout = Время ожидания одного запроса, в секундах
cli-lookup-file = Читать номера счетов из файла (- — из stdin), через перевод строки, запятую или пробел
cli-lookup-no-history = Не записывать эти проверки в историю
cli-lookup-concurrency = Сколько проверок идёт одновременно [по умолчанию: concurrency из файла настроек, или 8]
cli-lookup-invoices = Номера счетов (от 6 до 15 цифр)
cli-history = Показать записанные проверки, сначала новые
cli-history-json = JSON Lines: формат lookup --json и ещё checkedAt, profile, apiHost, operator, machine и statusChanged
cli-csv = CSV со строкой заголовков
cli-history-limit = Показать не больше LIMIT проверок
cli-history-search = Только проверки, где счёт, карта, email, имя, IP, город или статус содержат ТЕКСТ (6 и более цифр, с которых начинаются номера счетов: эти счета)
cli-history-invoice = Только проверки этого счёта (его история)
cli-report = Проверить счёт сейчас и записать отчёт-доказательство (Markdown, JSON и PDF)
cli-report-out = Папка для отчёта [по умолчанию: reports/ в папке данных]
cli-invoice = Номер счёта (от 6 до 15 цифр)
cli-case = Показать спор по счёту или изменить его (каждое изменение добавляется к его заметкам и изменениям)
cli-case-note = Заметка (- читает её из stdin); открывает спор, если его нет
cli-case-state = open, waiting-customer, waiting-bank, evidence-sent, won, lost, refunded или closed
cli-case-deadline = Срок ответа: 2026-12-05, 05.12.2026, +7 (дней от сегодня) или none
cli-case-owner = Владелец спора (me — оператор, запустивший команду)
cli-case-tag = Добавить тег, например chargeback, fraud или refund-promised (можно повторять)
cli-case-untag = Снять тег (можно повторять)
cli-case-json = Спор с заметками и изменениями одним объектом JSON
cli-cases = Список споров: открытые по сроку, просроченные первыми
cli-cases-state = Только споры в этом состоянии (включая закрытые)
cli-cases-due-before = Только споры со сроком до этой даты (2026-12-05, 05.12.2026, +2)
cli-cases-owner = Только споры этого владельца (me — оператор, запустивший команду)
cli-cases-all = Также закрытые, выигранные, проигранные и с возвратом
cli-cases-json = JSON Lines, один спор на строку
cli-sandbox = Запустить только эмулятор ePay
cli-sandbox-listen = Адрес для приёма соединений (лучше loopback) [по умолчанию: 127.0.0.1:8080]
cli-sandbox-fault = Сбоить по заказу, например 503@100000001*2, delay=1500@25%, html@all (можно повторять)
cli-team = Настроить общую историю команды в PostgreSQL (для владельца базы)
cli-team-init = Создать или обновить общую историю от имени владельца базы и дать роли операторов только чтение и добавление; один раз и после каждого обновления
cli-team-admin-url = URL владельца базы (postgresql://owner@host:5432/database)
cli-team-role = Роль операторов: может читать и добавлять, но не менять и не удалять
cli-history-import = Скопировать файл истории (по умолчанию — этого компьютера) в общую историю: проверки и споры, с их операторами и временем; повторный запуск ничего не удваивает
cli-history-import-with-sandbox = Копировать и проверки песочницы (без флага не копируются: они сделаны для пробы)
cli-history-import-file = Файл истории [по умолчанию: history.sqlite3 в папке данных]
history-refused-init = { $error }; ничего не проверено и не записано
history-refused = { $error }: исправьте { $source }, пароль (PGPASSWORD, ~/.pgpass) или права роли (README: For teams) либо уберите настройку, чтобы хранить историю на этом компьютере; ничего не проверено и не записано
history-prune-failed = не удалось удалить старые записи истории: { $error }
data-dir-shared = папка данных { $dir } открыта другим пользователям (права { $mode }); история, журналы и отчёты в ней — закрытые файлы, но выполните chmod 700 { $dir }, чтобы никто другой не видел их список
history-damaged = база истории { $path } повреждена ({ $why }); она сохранена как { $aside }, начата новая
history-in-memory = { $why }; история хранится в памяти только до конца этого запуска
spool-sent = из очереди в общую историю отправлено проверок: { $count }
spool-waiting = { $why }; новые проверки ждут в очереди { $spool }, пока общая история их не примет (изменения споров ждут её)
history-import-no-team = history import копирует в общую историю, а она не задана: укажите history_url в профиле или EPAY_STATUS_HISTORY_URL (README: For teams)
history-import-no-file = { $path }: истории там нет; укажите файл: epay-status history import ФАЙЛ
history-import-unreadable = { $path }: { $error }; ничего не скопировано
history-import-spool = { $path } — очередь этой общей истории: её проверки отправятся сами, когда сервер ответит
history-import-sandbox = проверки песочницы (сделанные для пробы) не скопированы: { $count }; --with-sandbox копирует и их
history-import-unreadable-rows = проверки файла, которые не удалось прочитать, не скопированы: { $count } (первая — { $first }); журнал называет каждую
history-import-progress = скопировано проверок: { $done }…
history-import-done = скопировано проверок: { $lookups_new } из { $lookups }, споров: { $cases_new } из { $cases } (записей в журналах: { $entries }) из { $path } в { $location } (уже имеющееся не копируется повторно)
history-import-elsewhere = спор по { $invoice } остался только в { $path }: в общей истории есть свой спор по нему; добавьте важное командой epay-status case { $invoice } --note
history-import-failed = { $error }; скопированное остаётся, повторный запуск скопирует остальное
history-local-left = история этого компьютера ({ $path }: проверок { $lookups }, споров { $cases }, открытых { $open }) не в общей истории: её копирует epay-status history import
team-init-bad-url = --admin-url: { $error }
team-init-done = общая история { $location } готова (схема { $version }; была { $found ->
        [0] не настроена
       *[other] { $found }
    }); роль { $role } может читать и добавлять, и только
cli-config-command = Показать итоговые настройки (секреты скрыты)
cli-help-command = Показать эту справку или справку по командам
cli-help-flag = Показать справку
cli-version-flag = Показать версию
cli-usage = Использование:
cli-heading-options = Параметры
cli-heading-arguments = Аргументы
cli-heading-commands = Команды
cli-command-value = КОМАНДА

## The map; watching

map-title = IP { $point }, страна { $country }
map-title-nowhere = IP { $point }, вне стран
map-close = m или Esc — закрыть
map-full-screen = m: на весь экран
map-no-coordinates = В ответе нет координат: нечего показать на карте.
notice-watch-stopped = слежение за { $invoice } остановлено
notice-watching = следим за { $invoice }: проверка раз в { $minutes } мин, пока программа открыта
cannot-reconnect-embedded = история хранится на этой машине: подключаться не к чему
cannot-nothing-to-watch = не выбрано, за чем следить

## A value typed for a case, refused

invalid-state = «{ $typed }» — не состояние спора: используйте одно из { $names }
invalid-note-empty = заметка пуста: напишите, что произошло, и сохраните
invalid-note-too-long = в заметке { $chars ->
    [one] { $chars } символ
    [few] { $chars } символа
   *[many] { $chars } символов
}; сохраняется не более { $most }: сократите её
invalid-tag = «{ $word }» — не тег: одно слово из букв, цифр, - или _ (не длиннее 32), например chargeback или fraud
invalid-owner = владелец — это имя оператора (от 1 до 64 символов)
invalid-date = «{ $typed }» — не дата: используйте 2026-12-05, 05.12.2026, +7 (дней от сегодня) или none
invalid-deadline-year = { $date } не может быть сроком спора: укажите дату с { $from } по { $to } год
invalid-no-date = --due-before нужна дата, а не none
invalid-no-tag = введите тег (chargeback, fraud…) или -тег, чтобы снять его
case-stdin-unreadable = не удалось прочитать заметку из stdin: { $error }
case-stdin-too-long = заметка в stdin больше { $size } КиБ; сохраняется не более { $most } символов: сократите её
case-stdin-not-utf8 = заметка в stdin — не текст UTF-8: сначала перекодируйте её
checker-machine = компьютер { $machine }
checker-operator-machine = { $operator } ({ $machine })
box-notice-cut = M — целиком

## The settings, refused

config-err-missing-file = файла настроек { $path } нет: создайте его или укажите другой через --config / EPAY_STATUS_CONFIG
config-err-unknown-profile = неизвестный профиль { $profile }: используйте sandbox, test или prod или добавьте [profiles.{ $name }] в { $path }
config-err-no-endpoint = в профиле { $profile } нет { $missing }: задайте его в { $path } или в окружении
config-err-needs = профилю { $profile } нужны { $missing }: задайте их в [profiles.{ $name }] файла { $path } (chmod 600) или в окружении
config-err-retention = history_retention_days в { $path } — от 1 до 36500 (уберите, чтобы хранить всё)
config-err-case-deadline = case_deadline_days в { $path } — от 0 до 365 (0: новый спор без срока)
config-err-at-least-one = concurrency и watch_minutes в { $path } — не меньше 1
config-err-watch = watch_minutes в { $path } — не больше 1440 (сутки)
config-err-deadline = deadline_secs в { $path } — от 1 до 3600
config-err-timeout = timeout_secs в { $path } — от 1 до 600
config-err-history-deadlines = history_connect_secs в { $path } — от 1 до 60, history_query_secs — от 1 до 600
config-err-operator = operator (в { $path } или EPAY_STATUS_OPERATOR) — имя из 1–64 печатных символов
config-err-history-url = { $error } (из { $source })
config-err-plain-http = { $what } { $shown } — обычный http к другому компьютеру: пишите https:// (http допустим только для 127.0.0.1, ::1 и localhost)
config-err-not-url = { $what } { $shown } — не адрес http(s): пишите как https://host/path
config-err-no-home = не найдена домашняя папка: задайте EPAY_STATUS_CONFIG и EPAY_STATUS_DATA_DIR
config-err-cannot-read = не удалось прочитать файл настроек { $path }: { $error }
config-err-parse = файл настроек { $path }{ $place } { $message }
config-err-line = строка { $line }:
config-err-line-key = строка { $line }, ключ { $key }:
config-err-secret-line = эту строку не прочитать, и она не показана, потому что может содержать секрет: запишите её как client_secret = "..." или history_url = "postgresql://..." (строка в кавычках)
config-err-shared = файл настроек { $path } содержит секрет (client_secret или пароль в history_url) и доступен другим (права { $mode }): выполните chmod 600 { $path }
cli-no-terminal = не удалось работать с этим терминалом: { $error }
cli-terminal-failed = сбой терминала: { $error }
report-not-written = { $error }; отчёт не записан
invalid-no-case-yet = по этому счёту ещё нет спора: спор открывается заметкой, состоянием или сроком
retry-timeout = время ожидания истекло
retry-network = ошибка сети
retry-cut-short = ответ оборвался
report-err-not-in-history = этой проверки нет в истории
report-err-write = не удалось записать в { $dir }: { $error }

## Поиск по выписке (find)
error-http-status = HTTP { $status } ({ $type }): сервер занят или прокси не справился
error-login-refused = запрос токена выписки отклонён (HTTP { $status }): проверьте username и password (EPAY_USERNAME, EPAY_PASSWORD), client_id и client_secret этого профиля
error-login-refused-said = запрос токена выписки отклонён (HTTP { $status }): проверьте username и password (EPAY_USERNAME, EPAY_PASSWORD), client_id и client_secret этого профиля (сервер ответил: { $said })
find-bad-card = карта { $value }: напишите её, как в уведомлении, например 400303******9821, 4003 03** **** 9821 или 400303...9821
find-whole-card = полный номер карты никогда не отправляется: напишите первые шесть и последние четыре цифры, например 400303******9821
find-bad-amount = сумма { $value }: напишите её как 12,22, 12.22 или 1 234 567,50
find-bad-rrn = RRN { $value }: RRN — от 6 до 24 цифр (в уведомлении их 12)
find-bad-date = дата { $value }: напишите её как 2026-12-05 или 05.12.2026
find-bad-period = период кончается раньше, чем начинается: поменяйте даты местами
find-bad-invoice = счёт { $value }: ожидается от 6 до 15 цифр
find-empty = { $what }: значение пустое или длиннее 200 символов
find-refused = ePay отклонил поиск (HTTP { $status }, код { $code }): { $message }
find-no-list = HTTP { $status } ({ $type }): в ответе нет списка операций; он сохранён целиком (--raw, журнал)
find-several-lists = HTTP { $status } ({ $type }): в ответе несколько списков ({ $lists }), и какой из них — операции, не угадывается; ответ сохранён целиком (--raw, журнал)
find-no-login = поиск по выписке входит как пользователь кабинета: задайте { $missing } для профиля { $profile } (в { $path } или в окружении); ничего не отправлено
find-nothing = ни одна операция не подходит за { $period } (даты по времени Казахстана; расширьте их через --from и --to)
find-unread = элементов ответа, которые не являются операциями: { $count }; они сохранены целиком (--raw, журнал)
find-partial-limit = подходящих может быть больше: прочитано { $read } из { $total } операций до предела страниц; сузьте поиск
find-partial-repeated = подходящих может быть больше: сервер прислал ту же страницу дважды после { $read } из { $total } операций; сузьте поиск
find-partial-total = выписка назвала { $total } операций, пришло { $read }; сузьте поиск, чтобы увидеть остальные
find-col-date = ДАТА
find-col-invoice = СЧЁТ
find-col-amount = СУММА
find-col-card = КАРТА
find-col-rrn = RRN
find-col-status = СТАТУС
cli-find = Найти операции в выписке ePay по RRN, карте, сумме, e-mail или телефону, когда в уведомлении о споре нет номера счёта (нужен вход в кабинет: username и password)
cli-find-rrn = RRN (reference в ePay), как в уведомлении
cli-find-card = Маска карты, как пишут банки: 400303******9821, 4003 03** **** 9821 или 400303...9821
cli-find-amount = Сумма: 12,22, 12.22 или 1 234 567,50
cli-find-email = E-mail плательщика
cli-find-phone = Телефон плательщика
cli-find-invoice = Номер счёта
cli-find-from = Первый день (2026-12-05 или 05.12.2026, по времени Казахстана) [по умолчанию: за 120 дней до --to]
cli-find-to = Последний день [по умолчанию: сегодня]
cli-find-json = JSON Lines: invoiceId, reference, cardMask, amount, currency, dateTime, status и raw
cli-find-raw = Страницы выписки как пришли, по документу JSON в строке
notice-found = { $count ->
    [one] в выписке найдена { $count } операция
    [few] в выписке найдено { $count } операции
   *[other] в выписке найдено { $count } операций
}
notice-found-partial = подходящих может быть больше: сузьте поиск
notice-find-failed = поиск по выписке не удался: { $error }
cannot-no-operation = операция не выбрана
cannot-operation-invoice = счёт этой операции { $invoice } — не номер счёта, который можно проверить
find-case-note =
    Найдено в выписке ePay:
    { $date } · { $amount } · { $status }
    карта { $card } · RRN { $rrn }
help-find = поиск по выписке: найти платёж по RRN, карте, сумме и дням
hint-find = f поиск
help-run-find = в форме поиска: искать в выписке ePay (Tab, ↑↓ — между полями)
hint-run-find = Enter искать
help-check-found = в найденном в выписке: проверить счёт выбранной операции сейчас (записывается в историю); n открывает по нему спор
hint-check-found = Enter проверить
found-title-none = Выписка
found-title-searching = Выписка { $period }: поиск
found-title = Выписка { $period }: { $count }
found-title-failed = Выписка { $period }: нет ответа
found-esc = Esc история
found-searching = идёт поиск в выписке ePay…
found-none = Ни одна операция не подходит. Дни — по времени Казахстана; f — расширить поиск.
found-col-date = Время
found-col-amount = Сумма
found-col-card = Карта
found-col-status = Статус
found-col-rrn = RRN
found-details-wait = Ждём выписку…
found-details-none = Ничего не выбрано.
found-details-headline = В выписке: { $status }
found-field-invoice = Счёт
found-field-payer = Плательщик
found-details-keys = Enter проверяет этот счёт сейчас (записывается в историю); n открывает по нему спор с тем, что сказано в выписке; f ищет снова.
found-details-no-invoice = Для этой операции выписка не даёт номера счёта, который можно проверить.
details-title-operation = Операция { $invoice } (выписка)
details-title-statement = Выписка
find-form-title = Поиск в выписке ePay
find-form-help = Enter искать · Tab/↑↓ поле · Esc закрыть
find-field-rrn = RRN
find-field-card = Карта
find-field-amount = Сумма
find-field-from = С
find-field-to = По
find-example-rrn = 12 цифр, из уведомления
find-example-card = 400303******9821
find-example-amount = 12,22
find-example-from = за 120 дней до «по»
find-example-to = сегодня (дд.мм.гггг или гггг-мм-дд)
change-done = отмечено { $item }
change-undone = снята отметка { $item }
reason-held-secure-yes = ответ ePay: 3-D Secure пройден { $details }
reason-held-ip = ответ ePay: IP { $ip }, { $place }
reason-held-same-card = { $count ->
    [one] { $count } проверка другого счёта с этой картой
    [few] { $count } проверки других счетов с этой картой
   *[other] { $count } проверок других счетов с этой картой
}
reason-held-approval = ответ ePay: код авторизации { $code }
reason-held-refund = ответ ePay: возврат
reason-held-status = ответ ePay: { $status }
case-checklist = Доказательства для { $reason }
case-no-reason-code = у спора { $invoice } нет кода причины, по которому отмечать доказательства: сначала добавьте тег с кодом из уведомления (--tag 10.4)
case-unknown-item = { $code } не требует доказательства { $item }: его пункты — { $items }
cli-case-done = Отметить пункт списка доказательств кода причины (его id, как его показывает `case`); можно несколько раз
cli-case-undone = Снять отметку; можно несколько раз
case-evidence-count = Доказательства { $code } ({ $done } из { $of }):
report-evidence = Доказательство
report-evidence-done = Сделано (кем, или что сказал ePay)
intake-summary = открыто { $opened }, уже открыто { $exists }, неоднозначно { $ambiguous }, не найдено { $notfound }, не прочитано { $invalid }
intake-dry-run = (пробный прогон: ничего не записано)
intake-missing-columns = в файле нет столбца: { $columns }; назовите их в заголовке (по-русски или по-английски)
intake-bad-cell = { $column } «{ $value }» не читается
intake-lost-digits = { $column } сохранён как число и потерял последние цифры: сделайте этот столбец текстовым и сохраните таблицу заново
intake-wider = в строке больше ячеек, чем в заголовке ({ $value }): возьмите суммы с десятичной запятой в кавычки или сохраните список с ; между столбцами
intake-tried-disagree = с другой картой или меньшей суммой, не взяты: { $invoices }
intake-tried-history = история: { $count }
intake-tried-no-login = выписка: нет входа в кабинет (username, password)
intake-tried-rrn = выписка по RRN { $rrn }
intake-tried-card = выписка по карте { $card }, сумме { $amount }, дню { $day }
intake-note-head = Уведомление о споре { $key }
intake-note-reason = Причина: { $reason }
intake-note-amount = Оспорено { $amount } по платежу от { $date }, карта { $card }
intake-note-more = … и ещё столбцов списка: { $count }, здесь не сохранены
intake-candidates = кандидаты: { $invoices }
intake-added = уведомление добавлено в открытый спор
cli-intake = Прочитать список споров эквайера (CSV или XLSX) и открыть спор по каждой строке, найдя платёж в истории или в выписке ePay
cli-intake-dry-run = Показать, что произойдёт; ничего не записывать
cli-intake-json = Один объект JSON на строку: итог, счёт, кандидаты
cli-intake-file = Список: CSV (, ; или табуляция) или XLSX, с заголовком по-русски или по-английски
cannot-intake-running = загрузка идёт: дождитесь её итога
cannot-intake-no-path = введите путь к списку эквайера (CSV или XLSX)
cannot-intake-no-candidates = в этой строке не из чего выбирать: найдите платёж, затем откройте спор через n
notice-intake-failed = загрузка не выполнена: { $error }
notice-intake-resolved = строка { $line }: уведомление в споре по { $invoice }
notice-intake-not-resolved = строка { $line }: спор не записан: { $error }
help-intake = в спорах: загрузка списка споров эквайера (CSV или XLSX) в споры; ещё раз — оставшиеся строки
hint-intake = I загрузка
help-run-intake = в строке загрузки: прочитать список по этому пути
hint-run-intake = Enter читать
help-resolve-intake = в строках загрузки: открыть спор по выбранному кандидату (← → выбор)
hint-resolve-intake = Enter открыть спор · ← → выбор
intake-title = Загрузка: осталось { $count }
intake-esc = Esc споры
intake-col-line = Стр.
intake-col-date = Дата
intake-col-outcome = Итог
intake-col-reason = Причина
intake-ambiguous = неоднозначно
intake-not-found = не найдено
intake-invalid = не прочитано
intake-none-left = У каждой строки списка есть спор.
intake-field-reason = Причина
intake-field-payment = Платёж
intake-field-tried = Искали
intake-choose = Какой это платёж? ← → выбор, Enter открывает спор:
intake-not-found-help = Нет ни в истории, ни в выписке: найдите его (f) с другими днями или фильтрами, затем откройте спор через n.
intake-prompt-title = Список споров эквайера (CSV или XLSX)
intake-prompt-help = Enter читать · Esc отмена
intake-running-title = Загрузка
intake-running = { $done } из { $total } строк
details-title-intake-row = Строка { $line } списка
details-title-intake = Загрузка
notice-found-unread = элементов ответа, которые не операции: { $count } (сохранены в журнале)
cannot-no-reason-code = у спора { $invoice } нет кода причины: добавьте тег (T) с кодом из уведомления, например 10.4, для списка доказательств
help-case-tick = отметить пункт списка доказательств спора или снять отметку (по коду причины из тега)
editor-tick-title = Доказательства по { $invoice }
editor-tick-help = ↑↓ Enter отмечает или снимает · 1-9 сразу · Esc
