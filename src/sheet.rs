//! The fields of an answer, labelled and grouped in the order an operator
//! reads them. The `lookup` output and the dashboard's details pane both draw
//! from this one list, so they never disagree.

use chrono::TimeZone;

use crate::epay::money::format_money;
use crate::epay::{Answer, DataField, LookupType, Tone, Transaction};

#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub label: String,
    pub value: String,
    /// Draw attention to this row (a partial refund, no 3-D Secure).
    pub tone: Option<Tone>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Section {
    pub title: &'static str,
    pub rows: Vec<Row>,
}

fn row(label: &str, value: impl Into<String>) -> Row {
    Row { label: label.into(), value: value.into(), tone: None }
}

/// The fields that are present, joined by `sep`; empty when none is.
fn join(items: &[&Option<String>], sep: &str) -> String {
    items.iter().filter_map(|v| v.as_deref()).collect::<Vec<_>>().join(sep)
}

fn opt(value: &Option<String>) -> String {
    value.clone().unwrap_or_else(|| "—".into())
}

/// A short word for how a lookup ended, for counting a batch: the status of
/// a success, the result code otherwise, or "no answer".
pub fn outcome_label(code: Option<&crate::epay::ResultCode>, status: Option<&crate::epay::Status>) -> String {
    match (code, status) {
        (None, _) => "no answer".to_owned(),
        (Some(c), Some(s)) if c.is_success() => s.name().to_owned(),
        (Some(c), _) => format!("code {}", c.code()),
    }
}

/// One line saying what happened: status and meaning, or the result code.
pub fn headline(answer: &Answer) -> (String, Tone) {
    let partial = answer.transaction.as_ref().is_some_and(Transaction::is_partial_refund);
    match answer.status() {
        Some(s) if answer.code.is_success() && partial => {
            (format!("{} — {} (partial)", s.name(), s.meaning()), s.tone())
        }
        Some(s) if answer.code.is_success() => (format!("{} — {}", s.name(), s.meaning()), s.tone()),
        _ if answer.code.is_success() => ("no status in the answer".into(), Tone::Unknown),
        _ => (format!("result {} — {}", answer.code.code(), answer.code.meaning()), Tone::Bad),
    }
}

/// The answer as sections. `local` is the operator's time zone.
pub fn sections<Tz: TimeZone>(answer: &Answer, requested: LookupType, local: &Tz) -> Vec<Section>
where
    Tz::Offset: std::fmt::Display,
{
    let mut out = vec![Section {
        title: "Answer",
        rows: vec![
            row("Type", answer.kind.as_str()),
            row("Result", format!("{} {}", answer.code.code(), answer.message)),
        ],
    }];
    if !answer.code.is_success() {
        let advice = answer.code.advice_for(requested);
        out[0].rows.push(Row { label: "What to do".into(), value: advice.into(), tone: Some(Tone::Bad) });
    }
    let Some(t) = &answer.transaction else { return out };
    out.extend([status(t), amounts(t), card(t), customer(t), geography(t), details(t, local)]);
    if let Some(data) = data(t) {
        out.push(data);
    }
    if !t.extra.is_empty() {
        out.push(Section { title: "Other fields", rows: t.extra.iter().map(|(k, v)| row(k, v.clone())).collect() });
    }
    out
}

fn status(t: &Transaction) -> Section {
    let (value, tone) = match &t.status {
        Some(s) => (format!("{} — {}", s.name(), s.meaning()), Some(s.tone())),
        None => ("—".into(), None),
    };
    Section { title: "Status", rows: vec![Row { label: "Status".into(), value, tone }] }
}

/// An amount with its currency; one that came unreadable is shown as sent.
fn money(t: &Transaction, field: &str, amount: Option<rust_decimal::Decimal>) -> String {
    match t.as_received(field) {
        Some(sent) => format!("{sent:?} as sent, not understood (left out of sums and sorts)"),
        None => format_money(amount, t.currency.as_deref()),
    }
}

fn amounts(t: &Transaction) -> Section {
    let cur = t.currency.as_deref();
    let mut amount = row("Amount", money(t, "amount", t.amount));
    if t.is_partial_refund() {
        amount.value.push_str(&format!(" (partial refund of {})", format_money(t.org_amount, cur)));
        amount.tone = Some(Tone::Returned);
    }
    Section {
        title: "Amounts",
        rows: vec![
            amount,
            row("Original amount", money(t, "orgAmount", t.org_amount)),
            row("Payout amount", money(t, "payoutAmount", t.payout_amount)),
            row("Bonus amount", money(t, "amountBonus", t.amount_bonus)),
        ],
    }
}

fn card(t: &Transaction) -> Section {
    Section {
        title: "Card",
        rows: vec![
            row("Card", opt(&t.card_mask)),
            row("Card type", opt(&t.card_type)),
            row("Issuer", opt(&t.issuer)),
            row("Card ID", opt(&t.card_id)),
        ],
    }
}

fn customer(t: &Transaction) -> Section {
    Section {
        title: "Customer",
        rows: vec![row("Name", opt(&t.name)), row("Email", opt(&t.email)), row("Phone", opt(&t.phone))],
    }
}

fn geography(t: &Transaction) -> Section {
    let coordinates = match t.coordinates() {
        Some((lat, lon)) => format!("{lat:.4}, {lon:.4}"),
        // Absent, out of range, or 0, 0 (ePay's way of saying it does not know).
        None => "unknown".into(),
    };
    Section {
        title: "IP",
        rows: vec![
            row("IP", opt(&t.ip)),
            row("Country", opt(&t.ip_country)),
            row("Region", opt(&t.ip_region)),
            row("City", opt(&t.ip_city)),
            row("District", opt(&t.ip_district)),
            row("Coordinates", coordinates),
        ],
    }
}

fn details<Tz: TimeZone>(t: &Transaction, local: &Tz) -> Section
where
    Tz::Offset: std::fmt::Display,
{
    let created_local = match t.created {
        Some(c) => c.with_timezone(local).format("%Y-%m-%d %H:%M:%S %:z").to_string(),
        None => "—".into(),
    };
    let secure = secure(t);
    let reason = match (&t.reason, &t.reason_code) {
        (Some(r), Some(c)) => format!("{r} ({c})"),
        (Some(r), None) => r.clone(),
        (None, Some(c)) => format!("({c})"),
        (None, None) => "—".into(),
    };
    Section {
        title: "Transaction",
        rows: vec![
            row("Created", created_local),
            row("Created (sent)", opt(&t.created_raw)),
            Row { label: "3-D Secure".into(), tone: (t.secure == Some(false)).then_some(Tone::Bad), value: secure },
            row("Approval code", opt(&t.approval_code)),
            row("Reference (RRN)", opt(&t.reference)),
            row("RRN (statements)", opt(&t.xls_rrn)),
            row("intReference", opt(&t.int_reference)),
            row("Reason", reason),
            row("Terminal", opt(&t.terminal)),
            row("Terminal ID", opt(&t.terminal_id)),
            row("Account ID", opt(&t.account_id)),
            row("Description", opt(&t.description)),
            row("Language", opt(&t.language)),
            row("Transaction ID", opt(&t.id)),
        ],
    }
}

fn data(t: &Transaction) -> Option<Section> {
    let rows = match &t.data {
        DataField::Absent => return None,
        DataField::Fields(fields) => fields.iter().map(|(k, v)| row(k, v.clone())).collect(),
        DataField::Raw(raw) => vec![row("(not JSON)", raw.clone())],
    };
    Some(Section { title: "Data", rows })
}

/// What a dispute needs first, in five short rows: how much of how much,
/// which card, from where, with or without 3-D Secure, and when. The
/// dashboard shows them above everything else, so they fit 80x24.
pub fn at_a_glance<Tz: TimeZone>(t: &Transaction, local: &Tz) -> Vec<Row>
where
    Tz::Offset: std::fmt::Display,
{
    let cur = t.currency.as_deref();
    let amount = if t.as_received("amount").is_some() {
        Row { tone: None, ..row("Amount", money(t, "amount", t.amount)) }
    } else if t.org_amount.is_some() && t.org_amount != t.amount {
        let of = format_money(t.org_amount, cur);
        let tone = t.is_partial_refund().then_some(Tone::Returned);
        Row { tone, ..row("Amount", format!("{} of {of}", format_money(t.amount, cur))) }
    } else {
        row("Amount", format_money(t.amount, cur))
    };
    let joined =
        |items: &[&Option<String>], sep: &str| Some(join(items, sep)).filter(|j| !j.is_empty()).unwrap_or("—".into());
    let place = joined(&[&t.ip_country, &t.ip_city], ", ");
    let ip = match &t.ip {
        Some(ip) => format!("{ip} · {place}"),
        None => place,
    };
    let created = t.created.map(|c| c.with_timezone(local).format("%Y-%m-%d %H:%M:%S").to_string());
    vec![
        amount,
        row("Card", joined(&[&t.card_mask, &t.card_type, &t.issuer], " · ")),
        row("IP", ip),
        Row { label: "3-D Secure".into(), tone: (t.secure == Some(false)).then_some(Tone::Bad), value: secure(t) },
        row("Created", created.or_else(|| t.created_raw.clone()).unwrap_or_else(|| "—".into())),
    ]
}

fn secure(t: &Transaction) -> String {
    match (t.secure, &t.secure_details) {
        (Some(true), Some(d)) => format!("yes ({d})"),
        (Some(true), None) => "yes".into(),
        (Some(false), Some(d)) => format!("no ({d})"),
        (Some(false), None) => "no".into(),
        (None, _) => "—".into(),
    }
}

/// One paragraph an operator can paste into a ticket or a chat.
pub fn summary(answer: &Answer) -> String {
    let mut parts = vec![format!("Invoice {} ({})", answer.invoice, answer.kind.as_str())];
    let Some(t) = &answer.transaction else {
        parts.push(format!("result {} {}", answer.code.code(), answer.message));
        return parts.join(": ") + ".";
    };
    let (headline, _) = headline(answer);
    let mut text = format!("{}: {headline}.", parts.remove(0));
    let cur = t.currency.as_deref();
    if t.is_partial_refund() {
        text += &format!(" {} of {}.", format_money(t.amount, cur), format_money(t.org_amount, cur));
    } else if t.amount.is_some() {
        text += &format!(" {}.", format_money(t.amount, cur));
    } else if let Some(sent) = t.as_received("amount") {
        text += &format!(" Amount {sent:?} as sent (not understood).");
    }
    let card = join(&[&t.card_mask, &t.card_type, &t.issuer], " ");
    if !card.is_empty() {
        text += &format!(" Card {card}.");
    }
    if let Some(name) = &t.name {
        text += &format!(" Customer {name}{}.", t.email.as_deref().map(|e| format!(" <{e}>")).unwrap_or_default());
    }
    if let Some(ip) = &t.ip {
        let place = join(&[&t.ip_city, &t.ip_country], " ");
        text += &format!(" IP {ip}{}.", if place.is_empty() { String::new() } else { format!(" ({place})") });
    }
    if let Some(secure) = t.secure {
        text += if secure { " 3-D Secure: yes." } else { " 3-D Secure: no." };
    }
    if let Some(created) = &t.created_raw {
        text += &format!(" Created {created}.");
    }
    if let Some(rrn) = &t.reference {
        text += &format!(" RRN {rrn}");
        text += &t.approval_code.as_deref().map(|a| format!(", approval {a}.")).unwrap_or_else(|| ".".into());
    }
    text
}
