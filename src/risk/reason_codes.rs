//! Meanings of the issuer response codes ePay passes on as `reasonCode`,
//! from assets/reason_codes.tsv (which says where the table comes from).

use super::Severity;
use crate::i18n::Language;

const TABLE: &str = include_str!("../../assets/reason_codes.tsv");

/// The severity and meaning of a code in `lang`, or `None` when it is not
/// in the table.
pub fn lookup(code: &str, lang: Language) -> Option<(Option<Severity>, &'static str)> {
    let code = code.trim();
    TABLE.lines().filter(|l| !l.starts_with('#')).find_map(|line| {
        let mut parts = line.split('\t');
        let (c, severity, english, russian) = (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
        let meaning = match lang {
            Language::En => english,
            Language::Ru => russian,
        };
        (c == code).then(|| {
            let severity = match severity {
                "high" => Some(Severity::High),
                "medium" => Some(Severity::Medium),
                "info" => Some(Severity::Info),
                _ => None,
            };
            (severity, meaning)
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_and_unknown_codes() {
        assert_eq!(lookup("51", Language::En), Some((Some(Severity::Medium), "insufficient funds")));
        assert_eq!(lookup("51", Language::Ru), Some((Some(Severity::Medium), "недостаточно средств")));
        assert_eq!(lookup("59", Language::En).unwrap().0, Some(Severity::High));
        assert_eq!(lookup("00", Language::En), Some((None, "approved")));
        assert_eq!(lookup("ZZ", Language::Ru), None);
    }
}
