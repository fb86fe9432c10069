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
