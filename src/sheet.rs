//! The fields of an answer, labelled and grouped in the order an operator
//! reads them. The `lookup` output and the dashboard's details pane both draw
//! from this one list, so they never disagree.

use chrono::TimeZone;

use crate::epay::money::format_money;
use crate::epay::{Answer, DataField, LookupType, Tone, Transaction};
use crate::i18n::{self, Language};
use fluent_bundle::FluentValue;

#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub label: String,
    pub value: String,
    /// Draw attention to this row (a partial refund, no 3-D Secure).
    pub tone: Option<Tone>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Section {
    /// Which section this is, whatever the language of its title.
    pub part: Part,
    pub title: String,
    pub rows: Vec<Row>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    Answer,
    Status,
    Amounts,
    Card,
    Customer,
    Ip,
    Transaction,
    Data,
    Other,
    /// The dashboard's checks and case, put before the rest.
    Timeline,
}

fn row(label: String, value: impl Into<String>) -> Row {
    Row { label, value: value.into(), tone: None }
}

fn section(part: Part, title: String, rows: Vec<Row>) -> Section {
    Section { part, title, rows }
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
pub fn outcome_label(
    code: Option<&crate::epay::ResultCode>,
    status: Option<&crate::epay::Status>,
    lang: Language,
) -> String {
    match (code, status) {
        (None, _) => i18n::plain(lang, "sheet-no-answer"),
        (Some(c), Some(s)) if c.is_success() => s.name().to_owned(),
        (Some(c), _) => i18n::text(lang, "sheet-code", &[("code", c.code().to_owned().into())]),
    }
}

/// One line saying what happened: status and meaning, or the result code.
pub fn headline(answer: &Answer, lang: Language) -> (String, Tone) {
    let partial = answer.transaction.as_ref().is_some_and(Transaction::is_partial_refund);
    match answer.status() {
        Some(s) if answer.code.is_success() && partial => {
            let partial = i18n::plain(lang, "sheet-partial");
            (format!("{} — {} ({partial})", s.name(), s.meaning(lang)), s.tone())
        }
        Some(s) if answer.code.is_success() => (format!("{} — {}", s.name(), s.meaning(lang)), s.tone()),
        _ if answer.code.is_success() => (i18n::plain(lang, "sheet-no-status"), Tone::Unknown),
        _ => {
            let code = answer.code.code().to_owned();
            (
                i18n::text(
                    lang,
                    "sheet-result-line",
                    &[("code", code.into()), ("meaning", answer.code.meaning(lang).into())],
                ),
                Tone::Bad,
            )
        }
    }
}

/// The answer as sections. `local` is the operator's time zone.
pub fn sections<Tz: TimeZone>(answer: &Answer, requested: LookupType, local: &Tz, lang: Language) -> Vec<Section>
where
    Tz::Offset: std::fmt::Display,
{
    let mut out = vec![section(
        Part::Answer,
        i18n::plain(lang, "sheet-answer"),
        vec![
            row(i18n::plain(lang, "sheet-type"), answer.kind.as_str()),
            row(i18n::plain(lang, "sheet-result"), format!("{} {}", answer.code.code(), answer.message)),
        ],
    )];
    if !answer.code.is_success() {
        let advice = answer.code.advice_for(requested, lang);
        out[0].rows.push(Row { label: i18n::plain(lang, "sheet-what-to-do"), value: advice, tone: Some(Tone::Bad) });
    }
    let Some(t) = &answer.transaction else { return out };
    out.extend([status(t, lang), amounts(t, lang), card(t, lang), customer(t, lang), geography(t, lang)]);
    out.push(details(t, local, lang));
    if let Some(data) = data(t, lang) {
        out.push(data);
    }
    if !t.extra.is_empty() {
        let rows = t.extra.iter().map(|(k, v)| row(k.clone(), v.clone())).collect();
        out.push(section(Part::Other, i18n::plain(lang, "sheet-other-fields"), rows));
    }
    out
}

fn status(t: &Transaction, lang: Language) -> Section {
    let (value, tone) = match &t.status {
        Some(s) => (format!("{} — {}", s.name(), s.meaning(lang)), Some(s.tone())),
        None => ("—".into(), None),
    };
    let label = i18n::plain(lang, "sheet-status");
    section(Part::Status, label.clone(), vec![Row { label, value, tone }])
}

/// An amount with its currency; one that came unreadable is shown as sent.
fn money(t: &Transaction, field: &str, amount: Option<rust_decimal::Decimal>, lang: Language) -> String {
    match t.as_received(field) {
        Some(sent) => i18n::text(lang, "sheet-as-sent", &[("sent", format!("{sent:?}").into())]),
        None => format_money(amount, t.currency.as_deref(), lang),
    }
}

fn amounts(t: &Transaction, lang: Language) -> Section {
    let cur = t.currency.as_deref();
    let mut amount = row(i18n::plain(lang, "sheet-amount"), money(t, "amount", t.amount, lang));
    if t.is_partial_refund() {
        let of = format_money(t.org_amount, cur, lang);
        amount.value.push_str(&format!(" ({})", i18n::text(lang, "sheet-partial-refund-of", &[("amount", of.into())])));
        amount.tone = Some(Tone::Returned);
    }
    section(
        Part::Amounts,
        i18n::plain(lang, "sheet-amounts"),
        vec![
            amount,
            row(i18n::plain(lang, "sheet-original-amount"), money(t, "orgAmount", t.org_amount, lang)),
            row(i18n::plain(lang, "sheet-payout-amount"), money(t, "payoutAmount", t.payout_amount, lang)),
            row(i18n::plain(lang, "sheet-bonus-amount"), money(t, "amountBonus", t.amount_bonus, lang)),
        ],
    )
}

fn card(t: &Transaction, lang: Language) -> Section {
    section(
        Part::Card,
        i18n::plain(lang, "sheet-card"),
        vec![
            row(i18n::plain(lang, "sheet-card"), opt(&t.card_mask)),
            row(i18n::plain(lang, "sheet-card-type"), opt(&t.card_type)),
            row(i18n::plain(lang, "sheet-issuer"), opt(&t.issuer)),
            row(i18n::plain(lang, "sheet-card-id"), opt(&t.card_id)),
        ],
    )
}

fn customer(t: &Transaction, lang: Language) -> Section {
    section(
        Part::Customer,
        i18n::plain(lang, "sheet-customer"),
        vec![
            row(i18n::plain(lang, "sheet-name"), opt(&t.name)),
            row(i18n::plain(lang, "sheet-email"), opt(&t.email)),
            row(i18n::plain(lang, "sheet-phone"), opt(&t.phone)),
        ],
    )
}

fn geography(t: &Transaction, lang: Language) -> Section {
    let coordinates = match t.coordinates() {
        Some((lat, lon)) => format!("{lat:.4}, {lon:.4}"),
        // Absent, out of range, or 0, 0 (ePay's way of saying it does not know).
        None => i18n::plain(lang, "sheet-unknown"),
    };
    section(
        Part::Ip,
        "IP".into(),
        vec![
            row("IP".into(), opt(&t.ip)),
            row(i18n::plain(lang, "sheet-country"), opt(&t.ip_country)),
            row(i18n::plain(lang, "sheet-region"), opt(&t.ip_region)),
            row(i18n::plain(lang, "sheet-city"), opt(&t.ip_city)),
            row(i18n::plain(lang, "sheet-district"), opt(&t.ip_district)),
            row(i18n::plain(lang, "sheet-coordinates"), coordinates),
        ],
    )
}

fn details<Tz: TimeZone>(t: &Transaction, local: &Tz, lang: Language) -> Section
where
    Tz::Offset: std::fmt::Display,
{
    let created_local = match t.created {
        Some(c) => c.with_timezone(local).format(&format!("{} %:z", lang.formats().seconds)).to_string(),
        None => "—".into(),
    };
    let reason = match (&t.reason, &t.reason_code) {
        (Some(r), Some(c)) => format!("{r} ({c})"),
        (Some(r), None) => r.clone(),
        (None, Some(c)) => format!("({c})"),
        (None, None) => "—".into(),
    };
    let secure = Row {
        label: "3-D Secure".into(),
        tone: (t.secure == Some(false)).then_some(Tone::Bad),
        value: secure(t, lang),
    };
    section(
        Part::Transaction,
        i18n::plain(lang, "sheet-transaction"),
        vec![
            row(i18n::plain(lang, "sheet-created"), created_local),
            row(i18n::plain(lang, "sheet-created-sent"), opt(&t.created_raw)),
            secure,
            row(i18n::plain(lang, "sheet-approval-code"), opt(&t.approval_code)),
            row(i18n::plain(lang, "sheet-reference"), opt(&t.reference)),
            row(i18n::plain(lang, "sheet-rrn-statements"), opt(&t.xls_rrn)),
            row("intReference".into(), opt(&t.int_reference)),
            row(i18n::plain(lang, "sheet-reason"), reason),
            row(i18n::plain(lang, "sheet-terminal"), opt(&t.terminal)),
            row(i18n::plain(lang, "sheet-terminal-id"), opt(&t.terminal_id)),
            row(i18n::plain(lang, "sheet-account-id"), opt(&t.account_id)),
            row(i18n::plain(lang, "sheet-description"), opt(&t.description)),
            row(i18n::plain(lang, "sheet-language"), opt(&t.language)),
            row(i18n::plain(lang, "sheet-transaction-id"), opt(&t.id)),
        ],
    )
}

fn data(t: &Transaction, lang: Language) -> Option<Section> {
    let rows = match &t.data {
        DataField::Absent => return None,
        DataField::Fields(fields) => fields.iter().map(|(k, v)| row(k.clone(), v.clone())).collect(),
        DataField::Raw(raw) => vec![row(i18n::plain(lang, "sheet-not-json"), raw.clone())],
    };
    Some(section(Part::Data, i18n::plain(lang, "sheet-data"), rows))
}

/// What a dispute needs first, in five short rows: how much of how much,
/// which card, from where, with or without 3-D Secure, and when. The
/// dashboard shows them above everything else, so they fit 80x24.
pub fn at_a_glance<Tz: TimeZone>(t: &Transaction, local: &Tz, lang: Language) -> Vec<Row>
where
    Tz::Offset: std::fmt::Display,
{
    let cur = t.currency.as_deref();
    let amount = if t.as_received("amount").is_some() {
        row(i18n::plain(lang, "sheet-amount"), money(t, "amount", t.amount, lang))
    } else if t.org_amount.is_some() && t.org_amount != t.amount {
        let (amount, of) = (format_money(t.amount, cur, lang), format_money(t.org_amount, cur, lang));
        let tone = t.is_partial_refund().then_some(Tone::Returned);
        let value = i18n::text(lang, "sheet-amount-of", &[("amount", amount.into()), ("total", of.into())]);
        Row { tone, ..row(i18n::plain(lang, "sheet-amount"), value) }
    } else {
        row(i18n::plain(lang, "sheet-amount"), format_money(t.amount, cur, lang))
    };
    let joined =
        |items: &[&Option<String>], sep: &str| Some(join(items, sep)).filter(|j| !j.is_empty()).unwrap_or("—".into());
    let place = joined(&[&t.ip_country, &t.ip_city], ", ");
    let ip = match &t.ip {
        Some(ip) => format!("{ip} · {place}"),
        None => place,
    };
    let created = t.created.map(|c| c.with_timezone(local).format(lang.formats().seconds).to_string());
    vec![
        amount,
        row(i18n::plain(lang, "sheet-card"), joined(&[&t.card_mask, &t.card_type, &t.issuer], " · ")),
        row("IP".into(), ip),
        Row {
            label: "3-D Secure".into(),
            tone: (t.secure == Some(false)).then_some(Tone::Bad),
            value: secure(t, lang),
        },
        row(
            i18n::plain(lang, "sheet-created"),
            created.or_else(|| t.created_raw.clone()).unwrap_or_else(|| "—".into()),
        ),
    ]
}

fn secure(t: &Transaction, lang: Language) -> String {
    let said = match t.secure {
        Some(true) => i18n::plain(lang, "sheet-yes"),
        Some(false) => i18n::plain(lang, "sheet-no"),
        None => return "—".into(),
    };
    match &t.secure_details {
        Some(d) => format!("{said} ({d})"),
        None => said,
    }
}

/// One paragraph an operator can paste into a ticket or a chat.
pub fn summary(answer: &Answer, lang: Language) -> String {
    let value = |text: &str| FluentValue::from(text.to_owned());
    let invoice = answer.invoice.to_string();
    let kind = answer.kind.as_str();
    let Some(t) = &answer.transaction else {
        let code = answer.code.code();
        let args = [
            ("invoice", value(&invoice)),
            ("kind", value(kind)),
            ("code", value(code)),
            ("message", value(&answer.message)),
        ];
        return i18n::text(lang, "summary-no-transaction", &args);
    };
    let (headline, _) = headline(answer, lang);
    let mut text = i18n::text(
        lang,
        "summary-head",
        &[("invoice", value(&invoice)), ("kind", value(kind)), ("headline", value(&headline))],
    );
    let cur = t.currency.as_deref();
    let money = |a| value(&format_money(a, cur, lang));
    if t.is_partial_refund() {
        text += &i18n::text(lang, "summary-amount-of", &[("amount", money(t.amount)), ("total", money(t.org_amount))]);
    } else if t.amount.is_some() {
        text += &i18n::text(lang, "summary-amount", &[("amount", money(t.amount))]);
    } else if let Some(sent) = t.as_received("amount") {
        text += &i18n::text(lang, "summary-amount-as-sent", &[("sent", value(&format!("{sent:?}")))]);
    }
    let card = join(&[&t.card_mask, &t.card_type, &t.issuer], " ");
    if !card.is_empty() {
        text += &i18n::text(lang, "summary-card", &[("card", value(&card))]);
    }
    if let Some(name) = &t.name {
        let email = t.email.as_deref().map(|e| format!(" <{e}>")).unwrap_or_default();
        text += &i18n::text(lang, "summary-customer", &[("name", value(&format!("{name}{email}")))]);
    }
    if let Some(ip) = &t.ip {
        let place = join(&[&t.ip_city, &t.ip_country], " ");
        let ip = if place.is_empty() { ip.clone() } else { format!("{ip} ({place})") };
        text += &i18n::text(lang, "summary-ip", &[("ip", value(&ip))]);
    }
    if let Some(secure) = t.secure {
        text += &i18n::text(
            lang,
            "summary-3ds",
            &[("said", value(&if secure { i18n::plain(lang, "sheet-yes") } else { i18n::plain(lang, "sheet-no") }))],
        );
    }
    if let Some(created) = &t.created_raw {
        text += &i18n::text(lang, "summary-created", &[("created", value(created))]);
    }
    if let Some(rrn) = &t.reference {
        text += &match &t.approval_code {
            Some(a) => i18n::text(lang, "summary-rrn-approval", &[("rrn", value(rrn)), ("approval", value(a))]),
            None => i18n::text(lang, "summary-rrn", &[("rrn", value(rrn))]),
        };
    }
    text
}
