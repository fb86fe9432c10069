//! Invoice IDs: ePay issues them as 6 to 15 digits, so anything else is a
//! typo and is refused before a request is built.

use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct InvoiceId(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid invoice ID {shown:?}: expected 6 to 15 digits")]
pub struct InvalidInvoice {
    /// The offending input, cleaned and shortened for display.
    pub shown: String,
}

impl InvoiceId {
    /// Parses one ID; whitespace around it (from a paste) is not an error.
    pub fn parse(input: &str) -> Result<Self, InvalidInvoice> {
        let trimmed = input.trim();
        let ok = (6..=15).contains(&trimmed.len()) && trimmed.bytes().all(|b| b.is_ascii_digit());
        if ok {
            Ok(Self(trimmed.to_owned()))
        } else {
            let mut shown: String = crate::text::clean(trimmed).chars().take(40).collect();
            if trimmed.chars().count() > 40 {
                shown.push('…');
            }
            Err(InvalidInvoice { shown })
        }
    }

    /// Splits a pasted list (newlines, commas, semicolons or spaces) into
    /// valid IDs and the pieces that are not.
    pub fn parse_many(input: &str) -> (Vec<Self>, Vec<InvalidInvoice>) {
        let mut good = Vec::new();
        let mut bad = Vec::new();
        for piece in input.split(|c: char| c.is_whitespace() || c == ',' || c == ';').filter(|p| !p.is_empty()) {
            match Self::parse(piece) {
                Ok(id) => good.push(id),
                Err(e) => bad.push(e),
            }
        }
        (good, bad)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for InvoiceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_six_to_fifteen_digits_with_whitespace() {
        assert_eq!(InvoiceId::parse(" 205218074\n").unwrap().as_str(), "205218074");
        assert!(InvoiceId::parse("123456").is_ok());
        assert!(InvoiceId::parse("123456789012345").is_ok());
    }

    #[test]
    fn refuses_everything_else() {
        for bad in ["", "12345", "1234567890123456", "20521807a", "../../x", "１２３４５６", "123 456"] {
            assert!(InvoiceId::parse(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn error_message_is_cleaned_and_short() {
        let e = InvoiceId::parse(&format!("\u{1b}[2J{}", "x".repeat(100))).unwrap_err();
        assert!(!e.to_string().contains('\u{1b}'));
        assert!(e.shown.chars().count() <= 41);
    }

    #[test]
    fn splits_pasted_lists() {
        let (good, bad) = InvoiceId::parse_many("205218074, 100000001\n\n12;100000002 abc");
        assert_eq!(good.len(), 3);
        assert_eq!(bad.len(), 2);
    }
}
