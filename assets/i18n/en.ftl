# English. Every message here is in ru.ftl too, with the same placeables.

## epay-status config

config-language = { $language } ({ $why })
config-language-flag = from --lang
config-language-environment = from EPAY_STATUS_LANG
config-language-file = from language in the config file
config-language-locale = from { $variable }={ $value }
config-language-default = the default: no language or locale is set
config-not-set = (not set)
config-secret-set = ******** (set)
config-embedded-sandbox = (embedded sandbox)
config-timeout = { $seconds } s per request
config-deadline = { $seconds } s per lookup, retries included
config-concurrency = { $count ->
    [one] { $count } lookup at once
   *[other] { $count } lookups at once
}
config-watch = every { $minutes } min
config-operator = { $name } (recorded with every lookup)
config-case-deadline = { $days ->
    [one] { $days } day after a case opens
   *[other] { $days } days after a case opens
}
config-case-deadline-none = none proposed
config-retention = { $days ->
    [one] { $days } day
   *[other] { $days } days
}
config-retention-all = everything is kept
config-faults-none = none
config-file-missing = { $path } (not found; built-in defaults)
config-history-team = { $location } (team, PostgreSQL)
config-history-here = { $path } (this machine)
