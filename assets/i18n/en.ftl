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
config-history-team = { $location } (team, PostgreSQL; waits { $connect } s to connect, { $query } s a query)
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
help-report = write an evidence report (Markdown, JSON and PDF)
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
help-zoom = the focused pane: normal, half or full screen, in turn
help-reconnect = try the team history now, without waiting for the next try
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
status-team-next-try = { $state } · next try in { $seconds } s
status-team-try-in = { $state } · try in { $seconds } s
status-team-in = { $state } · { $seconds } s
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
history-title-away = History — team away since { $since } · this run's lookups ({ $count })
history-title-unread = History — not read · this run's lookups ({ $count })
history-esc-shows-all = Esc shows all
column-time = Time
column-invoice = Invoice
column-type = Type
column-status = Status
column-amount = Amount
column-card = Card
column-by = By
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
lookup-type-auto = auto
lookup-type-payment = payment
lookup-type-p2p = p2p
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
state-short-evidence-sent = evidence sent
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
cases-title-unread = Cases — not read
cases-unread-away = The team history is away (since { $since }): the cases cannot be read now. They are read again when it answers; R tries now.
cases-unread = The cases could not be read (M shows why).
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
editor-deadline-help = typing replaces it: 2026-12-05, 05.12.2026, +7 or none · Ctrl-U clears · Enter saves · Esc
editor-tags-help = words add tags, -word takes one away · Enter saves · Esc
editor-state-help = ↑↓ and Enter, or 1-8 · Esc
editor-state-now = (now)

## Result codes and statuses: what they mean, what to do

code-success = success
code-reject = rejected by ePay
code-not-found = invoice not found
code-error = error at ePay
code-terminal-absent = terminal absent in token
code-try-later = ePay asks to try again later
code-terminal-not-owned = terminal does not belong to the client
code-other = unknown result code
advice-not-found-auto = Not found as a payment nor as a p2p transfer: check the invoice ID, and that the profile (terminal, client_id) is the merchant's that took it.
advice-reject = ePay refused the request; check the invoice and the profile's credentials.
advice-not-found = Check the invoice ID and the lookup type: a p2p transfer is not found as a payment, and the other way round.
advice-error = Try again in a moment; if it persists, contact ePay support.
advice-terminal-absent = Set the profile's terminal (EPAY_TERMINAL or `terminal` in the config file).
advice-try-later = Try again later.
advice-terminal-not-owned = The terminal does not match the client_id: check the profile's terminal and client_id.
advice-other = Unknown code; look at the raw answer.
status-new = created, in progress
status-auth = authorised: funds held, not yet charged
status-charge = charged: money taken
status-cancel = authorisation released
status-refund = refunded
status-reject = declined
status-failed = failed
status-3d = 3-D Secure failed
status-verified = card verification only
status-fingerprint = device fingerprint check in progress
status-other = unknown status

## The sheet: an answer's fields, for the details pane, `lookup` and the report

sheet-no-answer = no answer
sheet-code = code { $code }
sheet-partial = partial
sheet-no-status = no status in the answer
sheet-result-line = result { $code } — { $meaning }
sheet-answer = Answer
sheet-type = Type
sheet-result = Result
sheet-what-to-do = What to do
sheet-other-fields = Other fields
sheet-status = Status
sheet-as-sent = { $sent } as sent, not understood (left out of sums and sorts)
sheet-amounts = Amounts
sheet-amount = Amount
sheet-amount-of = { $amount } of { $total }
sheet-partial-refund-of = partial refund of { $amount }
sheet-original-amount = Original amount
sheet-payout-amount = Payout amount
sheet-bonus-amount = Bonus amount
sheet-card = Card
sheet-card-type = Card type
sheet-issuer = Issuer
sheet-card-id = Card ID
sheet-customer = Customer
sheet-name = Name
sheet-email = Email
sheet-phone = Phone
sheet-unknown = unknown
sheet-country = Country
sheet-region = Region
sheet-city = City
sheet-district = District
sheet-coordinates = Coordinates
sheet-transaction = Transaction
sheet-created = Created
sheet-created-sent = Created (sent)
sheet-approval-code = Approval code
sheet-reference = Reference (RRN)
sheet-rrn-statements = RRN (statements)
sheet-reason = Reason
sheet-terminal = Terminal
sheet-terminal-id = Terminal ID
sheet-account-id = Account ID
sheet-description = Description
sheet-language = Language
sheet-transaction-id = Transaction ID
sheet-not-json = (not JSON)
sheet-data = Data
sheet-yes = yes
sheet-no = no

## The summary an operator pastes into a ticket (y s)

summary-no-transaction = Invoice { $invoice } ({ $kind }): result { $code } { $message }.
summary-head = Invoice { $invoice } ({ $kind }): { $headline }.
summary-amount = {" "}{ $amount }.
summary-amount-of = {" "}{ $amount } of { $total }.
summary-amount-as-sent = {" "}Amount { $sent } as sent (not understood).
summary-card = {" "}Card { $card }.
summary-customer = {" "}Customer { $name }.
summary-ip = {" "}IP { $ip }.
summary-3ds = {" "}3-D Secure: { $said }.
summary-created = {" "}Created { $created }.
summary-rrn = {" "}RRN { $rrn }.
summary-rrn-approval = {" "}RRN { $rrn }, approval { $approval }.

## Risk hints: what looks wrong, and why

risk-high = HIGH
risk-medium = MEDIUM
risk-info = INFO
risk-no-3ds = No 3-D Secure
risk-no-3ds-why = the cardholder was not authenticated
risk-no-3ds-details = the cardholder was not authenticated (secureDetails { $details })
risk-outside-country = IP location outside its country
risk-outside-country-in = ipCountry says { $country }, but { $at } lies in { $actual }
risk-outside-country-none = ipCountry says { $country }, but { $at } lies in no country (sea or border)
risk-unknown-country = Unknown IP country
risk-unknown-country-why = { $country } is not a country name this program knows; the location was not checked
risk-no-country = IP country not given
risk-no-country-why = the coordinates lie in { $actual }
risk-partial-refund = Partial refund
risk-partial-refund-why = { $amount } of { $total } refunded
risk-refunded = Refunded
risk-refunded-why = { $amount } refunded
risk-cancelled = Cancelled
risk-cancelled-why = the authorisation was released; no money was taken
risk-declined = Declined
risk-old-hold = Old hold
risk-old-hold-why = authorised { $days } days ago and not charged: the hold may lapse
risk-two-emails = Two different emails
risk-two-emails-why = the order data says { $data }, the customer is { $email }
risk-card-seen = Card seen before
risk-ip-seen = IP seen before
risk-seen-in = in { $count ->
    [one] { $count } lookup
   *[other] { $count } lookups
} of other invoices
risk-seen-more-than = in more than { $count } lookups of other invoices
risk-issuer-response = Issuer response
risk-issuer-response-why = reasonCode { $code }: { $meaning }

## The evidence report (Markdown)

report-title = Evidence: invoice { $invoice }
report-checked-by = Checked { $at } by { $who } from profile “{ $profile }”
report-checked = Checked { $at } from profile “{ $profile }”
report-written = Report written { $at } by epay-status { $version }.
report-result = result { $code } { $message }
report-risk-hints = Risk hints
report-no-hints = None.
report-severity = Severity
report-hint = Hint
report-why = Why
report-field = Field
report-value = Value
report-ip-location = IP location
report-lies-in = { $point } lies in { $country }.
report-lies-in-none = { $point } lies in no country.
report-no-answer = No answer
report-checks = Checks of this invoice
report-checked-at = Checked
report-by = By
report-type = Type
report-result-column = Result
report-status = Status
report-this-check = this check
report-changed = changed
report-raw-answer = Raw answer
report-none = none
report-opened-by = { $at } by { $who }
report-case = Dispute case
report-case-state = State
report-case-deadline = Deadline
report-case-owner = Owner
report-case-tags = Tags
report-case-opened = Opened
report-case-trail = Notes and changes
report-when = When
report-what = What
report-note = note: { $text }
report-pdf-page = page { $page } of { $pages }
report-pdf-made = invoice { $invoice } · made { $at } · profile { $profile } · by { $who }
report-nobody = someone unnamed

## Errors and the command line

cli-error = error: { $message }
cli-warning = warning: { $message }
stamp-role = { $by } (role { $role })
stamp-role-time = { $by } (role { $role }, recorded { $at })
cli-rows-skipped = { $count ->
        [one] one row
       *[other] { $count } rows
    } of { $location } could not be read and { $count ->
        [one] was
       *[other] were
    } passed over (the first: { $first }); the log names each
cli-nothing-sent = { $error }; nothing was sent
invoice-invalid = invalid invoice ID "{ $shown }": expected 6 to 15 digits
error-fresh-token-refused = ePay refused a freshly issued token (HTTP 401): check the profile's credentials and API URL
error-redirected = HTTP { $status }: redirected to { $to }, another address; redirects are followed only within the configured one (set api_url to the final address)
error-not-json = HTTP { $status } ({ $type }): the answer is not JSON
error-not-an-object = HTTP { $status } ({ $type }): the body is not a JSON object
error-no-result-code = HTTP { $status } ({ $type }): the answer has no result code
error-answer-too-large = HTTP { $status }: the answer is larger than { $kib } KiB and was not read
error-token-too-large = HTTP { $status }: the token answer is larger than { $kib } KiB and was not read
error-answer-cut-short = HTTP { $status }: the answer was cut short ({ $detail })
error-token-cut-short = HTTP { $status }: the token answer was cut short ({ $detail })
error-token-redirect = the token URL answered HTTP { $status } with a redirect to { $to }: the client secret is never sent to another address, so set token_url to the final address
error-token-refused = the token request was refused (HTTP { $status }): check client_id, client_secret and terminal of this profile
error-token-refused-said = the token request was refused (HTTP { $status }): check client_id, client_secret and terminal of this profile (server said: { $said })
error-token-not-json = the token answer is not the expected JSON: { $detail }
error-token-no-access-token = the token answer holds no access_token
error-nothing-recorded = nothing was recorded
error-stored-too-large = the stored answer is larger than { $mib } MiB: not read
error-timeout = timed out: { $detail }
error-network = network error: { $detail }
failure-after-attempts = { $error } (after { $count } attempts)
lookup-cannot-read = cannot read invoice list { $path }: { $error }
lookup-no-invoice = no invoice ID given: pass one or more IDs, or --file PATH (- for stdin)
lookup-not-saved = warning: not saved to history: { $problem }
lookup-interrupted = interrupted: the lookups printed above are recorded; no further lookup was started
lookup-result-problem = { $invoice }: result { $code } ({ $meaning }): { $advice }
lookup-no-answer = no answer ({ $kind }): { $error }
lookup-spooled = note: { $count ->
    [one] { $count } lookup waits
   *[other] { $count } lookups wait
} in the spool for the team history { $location }: sent when it answers, by the next start or command

## `history`: the table and its messages; the CSV header (its columns' names, comma-separated)

history-col-checked = CHECKED
history-col-invoice = INVOICE
history-col-type = TYPE
history-col-result = RES
history-col-status = STATUS
history-col-amount = AMOUNT
history-col-by = BY
history-never-checked = { $invoice } was never checked: it is not in the history at { $location }
history-empty = no lookups recorded yet in { $location }
history-cannot-write = error: cannot write the history: { $error }
csv-history-header = checkedAt,profile,operator,machine,invoiceId,type,resultCode,resultMessage,statusName,amount,orgAmount,currency,cardMask,cardType,issuer,cardID,name,email,phone,ip,ipCountry,ipCity,createdDate,reference,approvalCode,secure,recordedBy,recordedAt,error

## The dashboard's notices (the line under the box, and the messages overlay)

notice-lookup-gone = that lookup is no longer in the history (pruned?)
notice-cannot-read-history = cannot read history: { $error }
notice-exported = exported { $count ->
    [one] { $shown } lookup
   *[other] { $shown } lookups
} to { $json } and { $csv }
notice-nothing-to-export = nothing to export
notice-export-failed = export to { $dir } failed: { $error }
notice-report-written = report written: { $markdown } (and .json, .pdf)
notice-report-failed = report failed: { $error }
notice-case-away = { $error }; nothing was written: save again once the team history answers
notice-cannot-read-cases = cannot read the cases: { $error }
notice-spool-sent = sent { $count ->
    [one] { $count } spooled lookup
   *[other] { $count } spooled lookups
} to the team history
notice-spool-not-sent = spool not sent yet: { $error }
notice-matches = { $shown } { $count ->
    [one] lookup matches
   *[other] lookups match
} { $filter }
notice-not-saved = not saved to history: { $problem }
notice-watched-changed = watched invoice { $invoice } changed: { $from } → { $to }
count-more-than = more than { $count }
filter-all = all
filter-card = card { $mask }, other invoices
filter-this-card = this card, other invoices
filter-ip = IP { $ip }, other invoices
filter-invoice = invoice { $invoice }
sort-newest = newest first
sort-status = by status
sort-amount = by amount, per currency

## The details pane: a lookup under way, its answer or its error

details-looking-up = looking up { $invoice } ({ $kind })…
details-retrying = retrying ({ $attempt }/{ $of }): { $reason }
details-reading-lookup = Reading this lookup from the history…
details-checked = checked { $at }
details-checked-by = checked { $at } by { $who }
details-no-answer-badge = NO ANSWER
details-error-kind = { $kind } error
details-body-head = First bytes of the body:
details-last-good = Last good answer, checked { $at }:
details-c-lists-them = c lists them
details-i-lists-them = i lists them
details-result-code = result { $code }
details-case-change = case { $change }
details-timeline-latest = Checks and case (the latest checks; w reports them all)
details-timeline-case = Checks and case
details-raw-no-answer = no answer: { $error }
details-raw-waiting = waiting for the answer…
details-raw-reading = reading from the history…
history-reading = reading…
history-error = error
history-batch = batch { $done }/{ $of }

## Why a key did nothing; what the box did with what was typed

cannot-no-lookup-here = no lookup here: Enter lists this case's lookups, then this key works
cannot-not-invoice-key = "{ $key }": not part of an invoice ID (Esc leaves the box, then letters are keys)
cannot-no-case-to-check = no case is selected to check
cannot-nothing-to-recheck = nothing is selected to check again
cannot-nothing-selected-to = nothing is selected to { $action ->
    [export] export
   *[report] write a report on
}
cannot-still-checking-to = { $invoice } is still being checked: { $action ->
    [export] export
   *[report] write a report on
} it once its answer is in
cannot-not-saved-to = { $invoice } was not saved to the history, so there is nothing to { $action ->
    [export] export
   *[report] write a report on
}
cannot-no-transaction = this lookup has no transaction: no card or IP to match
cannot-no-card-or-ip = this lookup has no card ID or IP to match
cannot-copy-missing = this answer has no { $what ->
    [invoice] invoice ID
    [rrn] RRN
    [card] card mask
    [ip] IP
    [json] raw JSON
   *[summary] summary
}
notice-copied = { $what ->
    [invoice] the invoice ID
    [rrn] the RRN
    [card] the card mask
    [ip] the IP
    [json] the raw JSON
   *[summary] a summary
} sent to the terminal's clipboard (OSC 52)
summary-no-answer = Invoice { $invoice }: no answer ({ $kind }): { $error }
cannot-nothing-selected = nothing is selected
cannot-still-checking = still being checked: try again once the answer is in
cannot-details-loading = the details are still loading: try again in a moment
notice-type-an-invoice = type an invoice ID: 6 to 15 digits
notice-not-invoices = { $skipped }: not an invoice ID (6 to 15 digits); nothing was sent
notice-some-skipped = { $count } sent; skipped, not invoice IDs: { $skipped }
notice-paste-too-long = that paste is too long for the box ({ $size } KiB; at most { $most } KiB or { $ids } IDs): use epay-status lookup --file FILE
cannot-no-case-target = nothing is selected: pick a lookup or a case first
cannot-no-case-yet = { $invoice } has no case yet: a case opens with a note (n), a state (S) or a deadline (D)
notice-case-saving = saving… (the editor closes once the case is written)
notice-unsaved-note = unsaved note for { $invoices }: n opens it, Ctrl-S saves it, quitting loses it
notice-quit-spooled = { $count ->
    [one] one lookup waits
   *[other] { $count } lookups wait
} in the spool { $spool }: the next epay-status started here sends { $count ->
    [one] it
   *[other] them
} when the team history answers
case-news-opened = { $by } opened case { $invoice }
case-news-took = { $by } took case { $invoice }
case-news-gave = { $by } gave case { $invoice } to { $owner }
case-news-state = { $by } set case { $invoice } to { $state }
case-news-note = { $by } added a note to case { $invoice }
case-news-changed = { $by } changed case { $invoice }
notice-case-yours-already = case { $invoice } is yours already: nothing to take
notice-quit-again = q or Ctrl-C again quits
notice-team-back = the team history answers again (away since { $since }); the lists are read afresh
notice-team-trying = trying the team history now
notice-team-live-already = the team history is live: nothing to try
notice-draft-kept = note for { $invoice } kept as a draft: n opens it again
notice-case-not-changed = case of { $invoice } not changed: { $error }
notice-case-opened = case of { $invoice } opened: { $state }, { $owner }
notice-case-opened-due = case of { $invoice } opened: { $state }, due { $due }, { $owner }
notice-note-added = note added
notice-nothing-to-change = nothing to change
notice-case-changed = case of { $invoice }: { $said }
cli-no-log-file = { $error }; continuing without a log file
cli-nothing-written = { $error }; nothing was written

## `case` and `cases`

case-none = { $invoice } has no case: open one with --note TEXT, --state STATE or --deadline DATE
case-try-again = ; try again once the team history answers
case-not-changed-away = { $error }; the case was not changed: try again once the team history answers
case-not-changed = { $error }; the case was not changed
case-cannot-write = cannot write: { $error }
case-title = Case of invoice { $invoice }
case-trail = Trail (oldest first):
cases-cli-none = no { $which ->
    [all] cases
   *[open] open cases
} in { $location }
cases-col-invoice = INVOICE
cases-col-due = DUE
cases-col-state = STATE
cases-col-owner = OWNER
cases-col-notes = NOTES
cases-col-tags = TAGS
cases-days = { $days }d
csv-cases-header = invoice_id,state,deadline,owner,tags,notes,opened_at,opened_by,updated_at,updated_by

## --help: what each command and argument is for; clap's headings

cli-about = Check Halyk Bank ePay payment status from the terminal.
cli-about-more = With no command, opens the dashboard on the configured profile (the embedded sandbox when nothing is configured).
cli-profile = Profile: sandbox, test, prod, or one from the config file [env: EPAY_PROFILE]
cli-config = Config file [env: EPAY_STATUS_CONFIG]
cli-data-dir = Where history and logs are written [env: EPAY_STATUS_DATA_DIR]
cli-lang = Language: ru or en [env: EPAY_STATUS_LANG; default: from the locale]
cli-lookup = Look invoices up and print a sheet (or JSON Lines) for each
cli-type = payment, p2p, or auto (payment, then p2p when not found)
cli-lookup-json = One JSON object per line
cli-lookup-timeout = Per-request timeout in seconds
cli-lookup-file = Read invoice IDs from a file (- for stdin), separated by newlines, commas or spaces
cli-lookup-no-history = Do not record these lookups in the history
cli-lookup-concurrency = Lookups in flight at once [default: concurrency in the config file, or 8]
cli-lookup-invoices = Invoice IDs (6 to 15 digits)
cli-history = Show recorded lookups, newest first
cli-history-json = JSON Lines: the lookup --json shape plus checkedAt, profile, apiHost, operator, machine and statusChanged
cli-csv = CSV with a header row
cli-history-limit = At most this many lookups
cli-history-search = Only lookups whose invoice, card, email, name, IP, city or status contain TEXT (6 or more digits that begin stored invoice IDs: those invoices)
cli-history-invoice = Only this invoice's checks (its timeline)
cli-report = Check an invoice now and write its evidence report (Markdown, JSON and PDF)
cli-report-out = Folder for the report [default: reports/ under the data dir]
cli-invoice = The invoice ID (6 to 15 digits)
cli-case = Show an invoice's dispute case, or change it (each change is added to its trail)
cli-case-note = A note (- reads it from stdin); opens the case if it has none
cli-case-state = open, waiting-customer, waiting-bank, evidence-sent, won, lost, refunded or closed
cli-case-deadline = The date to answer by: 2026-12-05, 05.12.2026, +7 (days from today), or none
cli-case-owner = Who works the case (me: the operator running this)
cli-case-tag = Add a tag, such as chargeback, fraud or refund-promised (repeatable)
cli-case-untag = Take a tag away (repeatable)
cli-case-json = The case and its trail as one JSON object
cli-cases = List dispute cases: open ones by deadline, overdue first
cli-cases-state = Only cases in this state (closed ones included)
cli-cases-due-before = Only cases due before this date (2026-12-05, 05.12.2026, +2)
cli-cases-owner = Only cases this operator owns (me: the operator running this)
cli-cases-all = Closed, won, lost and refunded cases too
cli-cases-json = JSON Lines, one case per line
cli-sandbox = Serve the ePay emulator alone
cli-sandbox-listen = Address to listen on (loopback recommended)
cli-sandbox-fault = Misbehave on request, e.g. 503@100000001*2, delay=1500@25%, html@all (repeatable)
cli-team = Set up the team history on PostgreSQL (for the database's owner)
cli-team-init = Create or migrate the team history as the database's owner, and grant the operators' role only reading and adding; run once, and again after an upgrade
cli-team-admin-url = The database owner's URL (postgresql://owner@host:5432/database)
cli-team-role = The operators' role: it may read and add, never change or delete
cli-history-import = Copy a history file (by default this machine's) into the team history: lookups and cases, with the operators and times they had; run again, nothing is stored twice
cli-history-import-with-sandbox = Copy the sandbox's lookups too (left out: they were made trying the program)
cli-history-import-file = The history file [default: history.sqlite3 in the data dir]
history-refused-init = { $error }; nothing was looked up or written
history-refused = { $error }: mend { $source }, the password (PGPASSWORD, ~/.pgpass) or the role's rights (README: For teams), or leave it out to keep the history on this machine; nothing was looked up or written
history-prune-failed = could not prune history: { $error }
data-dir-shared = data dir { $dir } is open to other users (mode { $mode }); history, logs and reports in it are private files, but run chmod 700 { $dir } so that nobody else can list them
history-damaged = history database { $path } was damaged ({ $why }); kept it as { $aside } and started a fresh one
history-in-memory = { $why }; history is kept in memory for this run only
spool-sent = sent { $count ->
        [one] one lookup
       *[other] { $count } lookups
    } from the spool to the team history
spool-waiting = { $why }; lookups made now wait in the spool { $spool } until it takes them (changes to cases wait for it)
history-import-no-team = history import copies into the team history, and none is set: set history_url in the profile or EPAY_STATUS_HISTORY_URL (README: For teams)
history-import-no-file = { $path }: no history there; name the file: epay-status history import FILE
history-import-unreadable = { $path }: { $error }; nothing was copied
history-import-spool = { $path } is the spool of this team history: what waits in it is sent by itself when the server answers
history-import-sandbox = { $count ->
        [one] one lookup
       *[other] { $count } lookups
    } of the sandbox (made trying the program) left out; --with-sandbox copies them too
history-import-unreadable-rows = { $count ->
        [one] one lookup
       *[other] { $count } lookups
    } of the file could not be read and stayed out (the first, { $first }); the log names each
history-import-progress = { $done } lookups copied…
history-import-done = copied from { $path } into { $location }: lookups { $lookups_new } of { $lookups }, cases { $cases_new } of { $cases }, trail entries { $entries } (what was there already is not copied again)
history-import-elsewhere = the case of { $invoice } stays in { $path } alone: the team history has its own case of it; add what matters with epay-status case { $invoice } --note
history-import-failed = { $error }; what was copied stays, and running the command again copies the rest
history-local-left = a history on this machine ({ $path }: { $lookups ->
        [one] one lookup
       *[other] { $lookups } lookups
    }, { $cases ->
        [one] one case
       *[other] { $cases } cases
    }, { $open } open) is not in the team history: epay-status history import copies it there
team-init-bad-url = --admin-url: { $error }
team-init-done = the team history at { $location } is set up (schema { $version }; it was { $found ->
        [0] not set up
       *[other] { $found }
    }); the role { $role } may read and add, nothing more
cli-config-command = Show the resolved configuration (secrets masked)
cli-help-command = Print this message or the help of the given subcommand(s)
cli-help-flag = Print help
cli-version-flag = Print version
cli-usage = Usage:
cli-heading-options = Options
cli-heading-arguments = Arguments
cli-heading-commands = Commands
cli-command-value = COMMAND

## The map; watching

map-title = IP { $point } in { $country }
map-title-nowhere = IP { $point } in no country
map-close = m or Esc closes
map-full-screen = m: full screen
map-no-coordinates = No coordinates in this answer: nothing to put on a map.
notice-watch-stopped = stopped watching { $invoice }
notice-watching = watching { $invoice }: checked every { $minutes } min while this runs
cannot-reconnect-embedded = the history is on this machine: there is nothing to reconnect to
cannot-nothing-to-watch = nothing is selected to watch

## A value typed for a case, refused

invalid-state = "{ $typed }" is not a case state: use one of { $names }
invalid-note-empty = the note is empty: write what happened, then save
invalid-note-too-long = the note is { $chars } characters; at most { $most } are kept: shorten it
invalid-tag = "{ $word }" is not a tag: one word of letters, digits, - or _ (at most 32), such as chargeback or fraud
invalid-owner = an owner is an operator's name (1 to 64 characters)
invalid-date = "{ $typed }" is not a date: use 2026-12-05, 05.12.2026, +7 (days from today) or none
invalid-deadline-year = { $date } is not a deadline a dispute can have: give a date from { $from } to { $to }
invalid-no-date = --due-before needs a date, not none
invalid-no-tag = type a tag (chargeback, fraud…), or -tag to take one away
case-stdin-unreadable = cannot read the note from stdin: { $error }
case-stdin-too-long = the note on stdin is over { $size } KiB; at most { $most } characters are kept: shorten it
case-stdin-not-utf8 = the note on stdin is not UTF-8 text: convert it first
checker-machine = on { $machine }
checker-operator-machine = { $operator } on { $machine }
box-notice-cut = M shows all

## The settings, refused

config-err-missing-file = config file { $path } does not exist: create it or point --config / EPAY_STATUS_CONFIG elsewhere
config-err-unknown-profile = unknown profile { $profile }: use sandbox, test or prod, or add [profiles.{ $name }] to { $path }
config-err-no-endpoint = profile { $profile } has no { $missing }: set it in { $path } or the environment
config-err-needs = profile { $profile } needs { $missing }: set them in [profiles.{ $name }] of { $path } (chmod 600) or in the environment
config-err-retention = history_retention_days in { $path } must be 1 to 36500 (leave it out to keep everything)
config-err-case-deadline = case_deadline_days in { $path } must be 0 to 365 (0: a new case gets no deadline)
config-err-at-least-one = concurrency and watch_minutes in { $path } must be at least 1
config-err-watch = watch_minutes in { $path } must be at most 1440 (a day)
config-err-deadline = deadline_secs in { $path } must be 1 to 3600
config-err-timeout = timeout_secs in { $path } must be 1 to 600
config-err-history-deadlines = history_connect_secs in { $path } must be 1 to 60, history_query_secs 1 to 600
config-err-operator = operator (in { $path } or EPAY_STATUS_OPERATOR) must be a name of 1 to 64 printable characters
config-err-history-url = { $error } (from { $source })
config-err-plain-http = { $what } { $shown } uses plain http to another machine: write https:// (http is accepted only for 127.0.0.1, ::1 and localhost)
config-err-not-url = { $what } { $shown } is not an http(s) URL: write it like https://host/path
config-err-no-home = cannot find a home directory: set EPAY_STATUS_CONFIG and EPAY_STATUS_DATA_DIR
config-err-cannot-read = cannot read config file { $path }: { $error }
config-err-parse = config file { $path }{ $place } { $message }
config-err-line = line { $line }:
config-err-line-key = line { $line }, key { $key }:
config-err-secret-line = this line cannot be read, and is not shown because it may hold a secret: write it as client_secret = "..." or history_url = "postgresql://..." (a quoted string)
config-err-shared = config file { $path } holds a secret (a client_secret or a password in history_url) and is readable by others (mode { $mode }): run chmod 600 { $path }
cli-no-terminal = cannot use this terminal: { $error }
cli-terminal-failed = the terminal failed: { $error }
report-not-written = { $error }; no report was written
invalid-no-case-yet = there is no case for this invoice yet: a case opens with a note, a state or a deadline
retry-timeout = timed out
retry-network = network error
retry-cut-short = answer cut short
report-err-not-in-history = that lookup is not in the history
report-err-write = cannot write to { $dir }: { $error }

## The statement search (find)
error-http-status = HTTP { $status } ({ $type }): the server is busy or a proxy failed
error-login-refused = the statement's token request was refused (HTTP { $status }): check username and password (EPAY_USERNAME, EPAY_PASSWORD), client_id and client_secret of this profile
error-login-refused-said = the statement's token request was refused (HTTP { $status }): check username and password (EPAY_USERNAME, EPAY_PASSWORD), client_id and client_secret of this profile (server said: { $said })
find-bad-card = card { $value }: write it as the notice does, e.g. 400303******9821, 4003 03** **** 9821 or 400303...9821
find-whole-card = a whole card number is never sent: write its first six and last four digits, e.g. 400303******9821
find-bad-amount = amount { $value }: write it as 12,22, 12.22 or 1 234 567,50
find-bad-rrn = RRN { $value }: an RRN is 6 to 24 digits (12 on a notice)
find-bad-date = date { $value }: write it as 2026-12-05 or 05.12.2026
find-bad-period = the period ends before it starts: swap the two dates
find-bad-invoice = invoice { $value }: expected 6 to 15 digits
find-empty = { $what }: the value is empty or longer than 200 characters
find-refused = ePay refused the search (HTTP { $status }, code { $code }): { $message }
find-no-list = HTTP { $status } ({ $type }): the answer holds no list of operations; it is kept whole (--raw, the log)
find-several-lists = HTTP { $status } ({ $type }): the answer holds several lists ({ $lists }), and which one holds the operations is not guessed; it is kept whole (--raw, the log)
find-no-login = the statement search signs in as a cabinet user: set { $missing } for profile { $profile } (in { $path } or the environment); nothing was sent
find-nothing = no operation matches in { $period } (dates are Kazakhstan's; widen them with --from and --to)
find-unread = { $count } elements of the answer are not operations; they are kept whole (--raw, the log)
find-partial-limit = more may match: { $read } of { $total } operations were read before the page limit; narrow the search
find-partial-repeated = more may match: the server sent the same page twice after { $read } of { $total } operations; narrow the search
find-partial-total = the statement said { $total } operations, and { $read } came; narrow the search to see the rest
find-col-date = DATE
find-col-invoice = INVOICE
find-col-amount = AMOUNT
find-col-card = CARD
find-col-rrn = RRN
find-col-status = STATUS
cli-find = Find operations in ePay's statement by RRN, card, amount, email or phone, when a dispute notice gives no invoice ID (a cabinet login: username and password)
cli-find-rrn = The RRN (ePay's reference), as the notice gives it
cli-find-card = The masked card as banks write it: 400303******9821, 4003 03** **** 9821 or 400303...9821
cli-find-amount = The amount: 12,22, 12.22 or 1 234 567,50
cli-find-email = The payer's e-mail
cli-find-phone = The payer's phone
cli-find-invoice = The invoice ID
cli-find-from = The first day (2026-12-05 or 05.12.2026, Kazakhstan's day) [default: 120 days before --to]
cli-find-to = The last day [default: today]
cli-find-json = JSON Lines: invoiceId, reference, cardMask, amount, currency, dateTime, status and raw
cli-find-raw = The statement's pages as received, one JSON document a line
notice-found = { $count ->
    [one] one operation found in the statement
   *[other] { $count } operations found in the statement
}
notice-found-partial = more may match: narrow the search
notice-find-failed = the statement search failed: { $error }
cannot-no-operation = no operation is selected
cannot-operation-invoice = this operation's invoice { $invoice } is not an invoice ID that can be checked
find-case-note =
    Found in ePay's statement:
    { $date } · { $amount } · { $status }
    card { $card } · RRN { $rrn }
help-find = the statement search: find a payment by RRN, card, amount and days
hint-find = f find
help-run-find = in the find form: search ePay's statement (Tab, ↑↓ move between fields)
hint-run-find = Enter search
help-check-found = in the statement's results: check the selected operation's invoice now (recorded in the history); n opens a case for it
hint-check-found = Enter check it
found-title-none = Statement
found-title-searching = Statement { $period }: searching
found-title = Statement { $period }: { $count }
found-title-failed = Statement { $period }: no answer
found-esc = Esc history
found-searching = searching ePay's statement…
found-none = No operation matches. Days are Kazakhstan's; f widens the search.
found-col-date = Time
found-col-amount = Amount
found-col-card = Card
found-col-status = Status
found-col-rrn = RRN
found-details-wait = Waiting for the statement…
found-details-none = Nothing selected.
found-details-headline = In the statement: { $status }
found-field-invoice = Invoice
found-field-payer = Payer
found-details-keys = Enter checks this invoice now (recorded in the history); n opens a case for it with what the statement says; f searches again.
found-details-no-invoice = The statement gives no invoice ID that can be checked for this operation.
details-title-operation = Operation { $invoice } (statement)
details-title-statement = Statement
find-form-title = Find in ePay's statement
find-form-help = Enter search · Tab/↑↓ field · Esc close
find-field-rrn = RRN
find-field-card = Card
find-field-amount = Amount
find-field-from = From
find-field-to = To
find-example-rrn = 12 digits, from the notice
find-example-card = 400303******9821
find-example-amount = 12,22
find-example-from = 120 days before "to"
find-example-to = today (dd.mm.yyyy or yyyy-mm-dd)
change-done = ticked { $item }
change-undone = took back the tick of { $item }
reason-held-secure-yes = ePay's answer: 3-D Secure passed { $details }
reason-held-ip = ePay's answer: IP { $ip } in { $place }
reason-held-same-card = { $count ->
    [one] one lookup of another invoice with this card
   *[other] { $count } lookups of other invoices with this card
}
reason-held-approval = ePay's answer: approval code { $code }
reason-held-refund = ePay's answer: refunded
reason-held-status = ePay's answer: { $status }
case-checklist = Evidence for { $reason }
case-no-reason-code = case { $invoice } has no reason code to tick evidence for: tag it with the notice's code first (--tag 10.4)
case-unknown-item = { $code } asks for no evidence called { $item }: its items are { $items }
cli-case-done = Tick an item of the reason code's evidence checklist (its id, as `case` lists it); repeatable
cli-case-undone = Take a tick back; repeatable
case-evidence-count = Evidence { $code } ({ $done } of { $of }):
report-evidence = Evidence
report-evidence-done = Done (who, or what ePay said)
intake-summary = opened { $opened }, already open { $exists }, ambiguous { $ambiguous }, not found { $notfound }, not read { $invalid }
intake-dry-run = (a dry run: nothing was written)
intake-missing-columns = the file has no column for { $columns }: name them in its header (in Russian or English)
intake-bad-cell = the { $column } "{ $value }" cannot be read
intake-lost-digits = the { $column } was stored as a number and lost its last digits: format that column as text in the spreadsheet and save it again
intake-wider = the row has more cells than the header ({ $value }): quote the amounts with a decimal comma, or save the list with ; between columns
intake-tried-disagree = with another card or a smaller amount, not taken: { $invoices }
intake-tried-history = the history: { $count }
intake-tried-no-login = the statement: no cabinet login (username, password)
intake-tried-rrn = the statement by RRN { $rrn }
intake-tried-card = the statement by card { $card }, amount { $amount }, day { $day }
intake-note-head = Chargeback notice { $key }
intake-note-reason = Reason: { $reason }
intake-note-amount = Disputed { $amount } of the payment of { $date }, card { $card }
intake-note-more = … and { $count } more columns of the list, not kept here
intake-candidates = candidates: { $invoices }
intake-added = the notice was added to the open case
cli-intake = Read the acquirer's chargeback list (CSV or XLSX) and open a dispute case for each row, found in the history or ePay's statement
cli-intake-dry-run = Say what would happen; write nothing
cli-intake-json = One JSON object per row: outcome, invoice, candidates
cli-intake-file = The list: CSV (, ; or tab) or XLSX, with a header in Russian or English
cannot-intake-running = the intake is running: wait for its summary
cannot-intake-no-path = type the path of the acquirer's list (CSV or XLSX)
cannot-intake-no-candidates = this row has no candidates to choose from: look the payment up, then open its case with n
notice-intake-failed = the intake did not run: { $error }
notice-intake-resolved = row { $line }: the case of { $invoice } has the notice
notice-intake-not-resolved = row { $line }: no case was written: { $error }
help-intake = in the cases: the chargeback intake (the acquirer's list, CSV or XLSX, into cases); again: the rows left to resolve
hint-intake = I intake
help-run-intake = in the intake's line: read the list at this path
hint-run-intake = Enter read it
help-resolve-intake = in the intake's rows: open the case under the chosen candidate (← → choose)
hint-resolve-intake = Enter open case · ← → choose
intake-title = Intake: { $count } to resolve
intake-esc = Esc cases
intake-col-line = Row
intake-col-date = Date
intake-col-outcome = Outcome
intake-col-reason = Reason
intake-ambiguous = ambiguous
intake-not-found = not found
intake-invalid = not read
intake-none-left = Every row of the list has its case.
intake-field-reason = Reason
intake-field-payment = Payment
intake-field-tried = Tried
intake-choose = Which payment is it? ← → choose, Enter opens its case:
intake-not-found-help = Not in the history nor in the statement: find it (f) with other days or filters, then open its case with n.
intake-prompt-title = The acquirer's chargeback list (CSV or XLSX)
intake-prompt-help = Enter read it · Esc cancel
intake-running-title = Intake
intake-running = { $done } of { $total } rows
details-title-intake-row = Row { $line } of the list
details-title-intake = Intake
notice-found-unread = { $count ->
    [one] one element of the answer is not an operation
   *[other] { $count } elements of the answer are not operations
} (kept in the log)
cannot-no-reason-code = case { $invoice } has no reason code: tag it (T) with the notice's code, e.g. 10.4, for its evidence checklist
help-case-tick = tick an item of the case's evidence checklist, or take a tick back (the reason code's, from its tag)
editor-tick-title = Evidence for { $invoice }
editor-tick-help = ↑↓ Enter ticks or takes back · 1-9 at once · Esc
