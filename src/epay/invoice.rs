//! Invoice IDs: ePay issues them as 6 to 15 digits, so anything else is a
//! typo and is refused before a request is built.

use std::fmt;

/// Held inline (16 bytes, no allocation): a history of 100,000 rows holds
/// 100,000 of these.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct InvoiceId {
    len: u8,
    digits: [u8; 15],
}

impl fmt::Debug for InvoiceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("InvoiceId").field(&self.as_str()).finish()
    }
}

impl PartialOrd for InvoiceId {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for InvoiceId {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid invoice ID \"{shown}\": expected 6 to 15 digits")]
pub struct InvalidInvoice {
    /// The offending input, shortened, with every invisible or control
    /// character escaped (`1000\0`, `\u{200b}`): cleaning would remove them
    /// and show a valid-looking ID as the culprit.
    pub shown: String,
}

impl InvalidInvoice {
    /// The message in `lang`.
    pub fn describe(&self, lang: crate::i18n::Language) -> String {
        crate::i18n::text(lang, "invoice-invalid", &[("shown", self.shown.clone().into())])
    }
}

impl InvoiceId {
    /// Parses one ID; whitespace around it (from a paste) is not an error.
    pub fn parse(input: &str) -> Result<Self, InvalidInvoice> {
        let trimmed = input.trim();
        let ok = (6..=15).contains(&trimmed.len()) && trimmed.bytes().all(|b| b.is_ascii_digit());
        if ok {
            let mut digits = [0u8; 15];
            digits[..trimmed.len()].copy_from_slice(trimmed.as_bytes());
            Ok(Self { len: trimmed.len() as u8, digits })
        } else {
            let mut shown: String = trimmed.chars().take(40).flat_map(char::escape_debug).collect();
            if trimmed.chars().count() > 40 {
                shown.push('…');
            }
            Err(InvalidInvoice { shown })
        }
    }

    /// What separates IDs in a list: any white space (CR and LF from a
    /// paste too), commas and semicolons.
    pub fn is_separator(c: char) -> bool {
        c.is_whitespace() || c == ',' || c == ';'
    }

    /// Splits a pasted list (newlines, commas, semicolons or spaces) into
    /// valid IDs and the pieces that are not.
    pub fn parse_many(input: &str) -> (Vec<Self>, Vec<InvalidInvoice>) {
        let mut good = Vec::new();
        let mut bad = Vec::new();
        for piece in input.split(Self::is_separator).filter(|p| !p.is_empty()) {
            match Self::parse(piece) {
                Ok(id) => good.push(id),
                Err(e) => bad.push(e),
            }
        }
        (good, bad)
    }

    pub fn as_str(&self) -> &str {
        // Only ASCII digits are ever stored (see `parse`).
        std::str::from_utf8(&self.digits[..usize::from(self.len)]).unwrap_or_default()
    }
}

impl fmt::Display for InvoiceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
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
    fn error_message_is_escaped_and_short() {
        let e = InvoiceId::parse(&format!("\u{1b}[2J{}", "x".repeat(100))).unwrap_err();
        assert!(!e.to_string().contains('\u{1b}'));
        assert!(e.shown.starts_with("\\u{1b}[2J"), "{}", e.shown);
        assert!(e.shown.chars().count() <= 47);
        for (input, shown) in [
            ("1000\0", "1000\\0"),
            ("100000001\u{200b}", "100000001\\u{200b}"),
            ("\u{feff}100000001", "\\u{feff}100000001"),
            ("10000000\u{202e}1", "10000000\\u{202e}1"),
        ] {
            let e = InvoiceId::parse(input).unwrap_err();
            assert_eq!(e.shown, shown);
            assert_eq!(e.to_string(), format!("invalid invoice ID \"{shown}\": expected 6 to 15 digits"));
        }
    }

    #[test]
    fn splits_pasted_lists() {
        let (good, bad) = InvoiceId::parse_many("205218074, 100000001\n\n12;100000002 abc");
        assert_eq!(good.len(), 3);
        assert_eq!(bad.len(), 2);
    }
}
