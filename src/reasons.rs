//! The card schemes' dispute reason codes (`assets/disputes/reason_codes.toml`,
//! with its sources) and the evidence checklist of a case that has one: the
//! operator's ticks from its trail, and what the program can tick itself
//! from what it holds, each with why.

use std::sync::OnceLock;

use serde::Deserialize;

use crate::case::{CaseFile, Change};
use crate::epay::Answer;
use crate::i18n::Language;

const CATALOGUE: &str = include_str!("../assets/disputes/reason_codes.toml");

/// What the program can tick by itself.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Auto {
    Secure,
    Ip,
    SameCard,
    Approval,
    Refund,
    Status,
}

#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    pub id: String,
    en: String,
    ru: String,
    #[serde(default)]
    pub auto: Option<Auto>,
}

impl Evidence {
    pub fn words(&self, lang: Language) -> &str {
        match lang {
            Language::Ru => &self.ru,
            _ => &self.en,
        }
    }
}

#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Reason {
    pub scheme: String,
    pub code: String,
    en: String,
    ru: String,
    pub evidence: Vec<Evidence>,
}

impl Reason {
    pub fn words(&self, lang: Language) -> &str {
        match lang {
            Language::Ru => &self.ru,
            _ => &self.en,
        }
    }

    /// "Visa 10.4: Other fraud: card absent".
    pub fn title(&self, lang: Language) -> String {
        format!("{} {}: {}", self.scheme, self.code, self.words(lang))
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    reason: Vec<Reason>,
}

/// Every reason code the program knows.
pub fn all() -> &'static [Reason] {
    static ALL: OnceLock<Vec<Reason>> = OnceLock::new();
    // The file is part of the binary and covered by a test: a broken one
    // is a build defect, not a runtime condition.
    ALL.get_or_init(|| toml::from_str::<File>(CATALOGUE).expect("assets/disputes/reason_codes.toml is valid").reason)
}

/// The reason a code names, as a notice writes it (`10.4`, `4837`, `Visa
/// 10.4`, `MC 4837`).
pub fn find(code: &str) -> Option<&'static Reason> {
    let code = code.trim();
    let bare = code.rsplit([' ', '-', '_']).next().unwrap_or(code);
    all().iter().find(|r| r.code == bare)
}

/// The reason of a case: the first of its tags that is a known code.
pub fn of_tags(tags: &[String]) -> Option<&'static Reason> {
    tags.iter().find_map(|t| find(t))
}

/// What the program holds about the disputed payment, for its own ticks.
#[derive(Clone, Copy, Debug, Default)]
pub struct Facts<'a> {
    /// The latest answer with a transaction.
    pub answer: Option<&'a Answer>,
    /// Lookups of other invoices with the same card.
    pub same_card: usize,
}

/// What the history holds about an invoice, read for [`Facts`].
#[derive(Clone, Debug, Default)]
pub struct Held {
    pub answer: Option<Answer>,
    pub same_card: usize,
}

impl Held {
    /// The latest answer with a transaction, and how many lookups of other
    /// invoices share its card.
    pub async fn read(
        store: &crate::store::Store,
        invoice: &crate::epay::InvoiceId,
    ) -> Result<Held, crate::store::StoreError> {
        let Some(lookup) = store.last_good(invoice, i64::MAX).await? else { return Ok(Held::default()) };
        let Ok(answer) = lookup.result else { return Ok(Held::default()) };
        let (same_card, _) = store.seen_elsewhere(&answer).await?;
        Ok(Held { answer: Some(answer), same_card: same_card.unwrap_or(0) })
    }

    pub fn facts(&self) -> Facts<'_> {
        Facts { answer: self.answer.as_ref(), same_card: self.same_card }
    }
}

/// How an item came to be ticked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ticked {
    /// By an operator, in the trail.
    By { who: String, at: chrono::DateTime<chrono::Utc> },
    /// By the program, from what it holds: why, in words.
    Held(String),
}

/// One line of a checklist.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    pub evidence: Evidence,
    pub ticked: Option<Ticked>,
}

/// The checklist of a case whose tags name a reason code; `None` without one.
pub fn checklist(file: &CaseFile, facts: Facts<'_>, lang: Language) -> Option<(&'static Reason, Vec<Item>)> {
    let reason = of_tags(&file.case.tags)?;
    let items = reason
        .evidence
        .iter()
        .map(|e| {
            // The latest tick or untick of the item decides.
            let by_hand = file.entries.iter().rev().find_map(|entry| match &entry.change {
                Change::Done(id) if *id == e.id => Some(Some(Ticked::By { who: entry.by.clone(), at: entry.at })),
                Change::Undone(id) if *id == e.id => Some(None),
                _ => None,
            });
            let ticked = match by_hand {
                Some(decided) => decided,
                None => e.auto.and_then(|auto| held(auto, facts, lang)).map(Ticked::Held),
            };
            Item { evidence: e.clone(), ticked }
        })
        .collect();
    Some((reason, items))
}

/// The reason and its checklist, added to a case's JSON (`case --json`, the
/// report): each item with whether it is done, by whom and when, or what
/// the program holds for it.
pub fn add_json(json: &mut serde_json::Value, reason: &Reason, items: &[Item], lang: Language) {
    let item = |item: &Item| {
        let (by, at, held) = match &item.ticked {
            None => (None, None, None),
            Some(Ticked::By { who, at }) => {
                (Some(who.clone()), Some(at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)), None)
            }
            Some(Ticked::Held(why)) => (None, None, Some(why.clone())),
        };
        serde_json::json!({"item": item.evidence.id, "done": item.ticked.is_some(), "by": by, "at": at, "held": held})
    };
    json["reason"] = serde_json::json!({"scheme": reason.scheme, "code": reason.code, "meaning": reason.words(lang)});
    json["checklist"] = items.iter().map(item).collect();
}

/// Why the program ticks an item of this kind, or `None` when it holds nothing for it.
fn held(auto: Auto, facts: Facts<'_>, lang: Language) -> Option<String> {
    let answer = facts.answer?;
    let t = answer.transaction.as_ref();
    match auto {
        // Only an authenticated payment is the evidence; "no 3-D Secure"
        // ticked would read as done (the details pane says it).
        Auto::Secure => {
            let t = t?;
            let details = t.secure_details.as_ref().map(|d| format!("({d})")).unwrap_or_default();
            t.secure?.then(|| crate::i18n::text(lang, "reason-held-secure-yes", &[("details", details.into())]))
        }
        Auto::Ip => {
            let t = t?;
            let country = t.ip_country.clone()?;
            let place = [Some(country), t.ip_city.clone()].into_iter().flatten().collect::<Vec<_>>().join(", ");
            Some(crate::i18n::text(lang, "reason-held-ip", &[("ip", t.ip.clone()?.into()), ("place", place.into())]))
        }
        Auto::SameCard => (facts.same_card > 0).then(|| {
            crate::i18n::text(lang, "reason-held-same-card", &[("count", crate::i18n::count(facts.same_card))])
        }),
        Auto::Approval => {
            let code = t?.approval_code.clone()?;
            Some(crate::i18n::text(lang, "reason-held-approval", &[("code", code.into())]))
        }
        Auto::Refund => {
            let refunded = t?.status.as_ref().is_some_and(|s| s.name() == "REFUND");
            refunded.then(|| crate::i18n::plain(lang, "reason-held-refund"))
        }
        Auto::Status => {
            let status = t?.status.as_ref()?.name().to_owned();
            Some(crate::i18n::text(lang, "reason-held-status", &[("status", status.into())]))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalogue_reads_and_names_each_code_once() {
        let all = all();
        assert!(all.len() >= 35, "{}", all.len());
        let mut codes: Vec<&str> = all.iter().map(|r| r.code.as_str()).collect();
        codes.sort_unstable();
        let before = codes.len();
        codes.dedup();
        assert_eq!(codes.len(), before, "a code twice");
        for r in all {
            assert!(!r.evidence.is_empty(), "{} has no evidence", r.code);
            let mut ids: Vec<&str> = r.evidence.iter().map(|e| e.id.as_str()).collect();
            ids.sort_unstable();
            ids.dedup();
            assert_eq!(ids.len(), r.evidence.len(), "{}: an evidence id twice", r.code);
            for e in &r.evidence {
                assert!(crate::case::tag(&e.id).is_ok(), "{}: {} is not a word", r.code, e.id);
                assert!(!e.en.is_empty() && !e.ru.is_empty());
            }
        }
        for code in ["10.4", "13.1", "12.6.1", "4837", "4853"] {
            assert!(find(code).is_some(), "{code}");
        }
        assert_eq!(find("Visa 10.4").map(|r| r.code.as_str()), Some("10.4"));
        assert_eq!(find("MC-4837").map(|r| r.scheme.as_str()), Some("Mastercard"));
        assert!(find("99.9").is_none());
        let fraud = find("10.4").unwrap();
        let autos: Vec<Option<Auto>> = fraud.evidence.iter().map(|e| e.auto).collect();
        assert_eq!(autos, [Some(Auto::Secure), Some(Auto::Ip), Some(Auto::SameCard), None]);
        assert!(find("13.1").unwrap().evidence.iter().any(|e| e.en.contains("delivery")));
    }
}
