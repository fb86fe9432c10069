//! The store's lists in the operator's language: what a filter selects and
//! how many it found. The store knows no language; the screens say it.

use crate::i18n::{self, Language};
use crate::store::{Count, Filter};

/// What `filter` selects, as the list's title and the notices say it.
pub fn filter(filter: &Filter, lang: Language) -> String {
    match filter {
        Filter::All => i18n::plain(lang, "filter-all"),
        Filter::Text(t) => format!("“{t}”"),
        Filter::Card { mask: Some(mask), .. } => i18n::text(lang, "filter-card", &[("mask", mask.clone().into())]),
        Filter::Card { .. } => i18n::plain(lang, "filter-this-card"),
        Filter::Ip { ip, .. } => i18n::text(lang, "filter-ip", &[("ip", ip.clone().into())]),
        Filter::Invoice(i) => i18n::text(lang, "filter-invoice", &[("invoice", i.to_string().into())]),
    }
}

/// A count as the title and the notices say it: "12 345", or "more than
/// 10 000".
pub fn count(count: Count, lang: Language) -> String {
    let grouped = |n: u64| crate::epay::money::group_digits(&n.to_string());
    match count {
        Count::Exact(n) => grouped(n),
        Count::MoreThan(n) => i18n::text(lang, "count-more-than", &[("count", grouped(n).into())]),
    }
}

/// A lookup type as the box shows it.
pub fn lookup_type(ty: crate::epay::LookupType, lang: Language) -> String {
    use crate::epay::LookupType::*;
    match ty {
        Auto => i18n::plain(lang, "lookup-type-auto"),
        Payment => i18n::plain(lang, "lookup-type-payment"),
        P2p => i18n::plain(lang, "lookup-type-p2p"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_card_filter_names_the_card_in_either_language() {
        let card = Filter::Card {
            id: "card-1".into(),
            mask: Some("400303...9821".into()),
            except: crate::epay::InvoiceId::parse("205218074").unwrap(),
        };
        assert_eq!(filter(&card, Language::En), "card 400303...9821, other invoices");
        assert_eq!(filter(&card, Language::Ru), "карта 400303...9821, другие счета");
        assert_eq!(count(Count::MoreThan(10_000), Language::En), "more than 10 000");
    }
}
