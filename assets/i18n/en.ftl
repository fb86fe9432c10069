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

## The dashboard: keys (help and status bar hints)

help-help = this help, on and off (in the filter line ? is text)
hint-help = ? help
help-submit = in the box: look up the invoice(s) typed or pasted there
hint-submit = Enter look up
help-recheck = check the selected invoice again
hint-recheck = r re-check
help-open-details = in the list: read the selected lookup's details (nothing is sent)
help-clear-box = empty the invoice box; a paste adds to what is typed, as its own IDs
help-start-typing = start typing an invoice ID, from any pane
help-toggle-type = lookup type: auto → payment → p2p
hint-toggle-type = ^T type
help-focus-next = next, previous pane
hint-focus-next = Tab pane
help-up = move in the list or scroll the details; by a page; to the ends
help-raw-json = raw JSON of the answer, on and off
hint-raw-json = v raw
help-map = the IP's location on a world map, full screen
hint-map = m map
help-report = write an evidence report (Markdown and JSON)
hint-report = w report
help-sort = sort the list: newest first, by status, by amount
help-watch = watch the invoice: check it again every few minutes
help-copy = copy to the terminal's clipboard (OSC 52): then s summary (raw JSON in the raw view), i invoice, r RRN, c card mask, p IP
hint-copy = y copy
hint-copy-summary = s summary
hint-copy-invoice = i invoice
hint-copy-rrn = r RRN
hint-copy-card = c card
hint-copy-ip = p IP
help-case-note = add a note to the invoice's dispute case (opens the case)
hint-case-note = n note
help-case-state = set the case's state, its deadline (2026-12-05, 05.12.2026, +7, none)
help-case-own = take the case (you own it); tag it (chargeback, fraud; -word takes a tag away)
help-toggle-cases = the cases: open ones by deadline, overdue first; again for the history
hint-toggle-cases = C cases
help-open-case = in the cases: the lookups of the selected case's invoice
hint-open-case = Enter lookups
help-save-case = in a note: save it; Enter starts a new line, Esc keeps it as a draft
hint-save-case = ^S save
help-save-case-2 = in a case's deadline, tags or state: save; in the state list 1-8 save at once
hint-save-case-2 = Enter save
help-filter = filter the history by any text (Enter applies, Esc cancels)
hint-filter = / filter
hint-apply-filter = Enter apply
help-messages = the last notices, whole (exports' and reports' paths), on and off
help-same-card = list other lookups with this card, this IP
help-export = export this lookup, the list as shown (CSV+JSON)
hint-export = e export
help-leave-or-close = close an overlay or filter, or leave the invoice box
hint-leave-or-close = Esc cancel
help-quit = quit
hint-quit = q quit

## The dashboard: status bar and help

status-token-none = token: none yet
status-token-renewing = token: renewing
status-token-valid = token: valid until { $until }
status-token-failed = token: failed: { $why }
status-watched = { $count } watched
status-due = ▲ { $count } due
status-in-flight = { $count } in flight
status-team-live = team: live
status-team-sending = team: sending { $count }
status-team-away = team: away
status-team-spooled = team: { $count } spooled
help-title = Help — Esc or ? closes, ↑↓ scroll
help-more = ↓ more
help-config = Config
help-log = Log
help-history = History
help-note-letters = Letters act outside the invoice box: Esc or Tab leaves it.
help-note-mouse = Mouse: click a pane to focus it, a row to select it; the wheel scrolls.

## The dashboard: panes

box-invoice = Invoice
box-filter-history = Filter history
box-filter-cases = Filter cases
box-copy-menu = copy: s summary · i invoice · r RRN · c card mask · p IP (Esc: nothing)
box-filter-cases-hint = invoice, state, owner, tag · Enter applies · Esc cancels
box-filter-history-hint = invoice, card, email, name, IP, city, status · Enter applies · Esc cancels
box-invoice-hint = 6 to 15 digits · paste many at once
box-unfocused-hint = Tab or click to type
history-title = History ({ $count })
history-title-filtered = History — { $filter } ({ $count })
history-esc-shows-all = Esc shows all
column-time = Time
column-invoice = Invoice
column-type = Type
column-status = Status
column-amount = Amount
column-card = Card
messages-none = No notices yet.
messages-title = Messages — newest first; Esc or M closes
details-reading-history = Reading the history…
details-never-checked = { $invoice } was never checked here: type it in the box to check it now, C shows its case, Esc the whole history.
details-no-matches = No matches: { $filter }. Esc shows the whole history.
details-title = Details — { $invoice }
details-title-raw = Raw JSON — { $invoice }
details-title-case = Case — { $invoice }
details-title-no-case = Case
details-title-none = Details
welcome-type = Type an invoice ID (6 to 15 digits) in the box above and press Enter.
welcome-sandbox = On the sandbox, try 205218074 (the reference's example) or 200000001 (p2p).
welcome-paste = Paste several IDs at once to look them all up. Press ? for every key.
box-type = type:
details-more-tab = ↓ more: Tab, PgDn
details-more = ↓ more: PgDn

## Dispute cases on the dashboard

state-open = open
state-waiting-customer = waiting for the customer
state-waiting-bank = waiting for the bank
state-evidence-sent = evidence sent
state-won = won
state-lost = lost
state-refunded = refunded
state-closed = closed
state-short-waiting-customer = wait customer
state-short-waiting-bank = wait bank
case-deadline-none = none
case-no-deadline = no deadline
case-due-today = due today
case-days-left = { $days ->
    [one] { $days } day left
   *[other] { $days } days left
}
case-days-overdue = { $days ->
    [one] { $days } day overdue
   *[other] { $days } days overdue
}
case-deadline-on = deadline { $date }
change-note = note: { $text }
change-state = state → { $state }
change-deadline = deadline → { $date }
change-deadline-removed = deadline removed
change-owner = owner → { $name }
change-tag = tagged { $word }
change-untag = untagged { $word }
cases-title = Cases ({ $open } open)
cases-title-filtered = Cases — “{ $filter }” ({ $open } open)
cases-overdue = ▲ { $count } overdue
cases-history-key = C history
cases-none = No cases yet. Select a lookup and press n to open one with a note.
cases-no-match = No case matches. Esc shows every case.
column-due = Due
column-state = State
column-owner = Owner
column-tags = Tags
case-label = Case
case-more-notes = { $count } notes; C lists the cases, whole
case-none-selected = No case is selected.
case-field-state = State
case-field-deadline = Deadline
case-field-owner = Owner
case-field-tags = Tags
case-field-opened = Opened
case-no-tags = none
case-opened-by = { $time } by { $who }
case-reading-trail = Reading the case's trail…
case-trail-heading = Notes and changes, newest first
editor-saving = saving…
editor-note-title = Note on { $invoice }
editor-deadline-title = Deadline of { $invoice }
editor-tags-title = Tags of { $invoice }
editor-state-title = State of { $invoice }
editor-note-help = Ctrl-S saves · Enter: new line · Esc keeps a draft
editor-deadline-help = 2026-12-05, 05.12.2026, +7 or none · Enter saves · Esc
editor-tags-help = words add tags, -word takes one away · Enter saves · Esc
editor-state-help = ↑↓ and Enter, or 1-8 · Esc
editor-state-now = (now)
