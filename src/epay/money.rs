//! Amounts as decimals: read from text without guessing, displayed with
//! thousands separators.

use std::str::FromStr;

use rust_decimal::Decimal;

use crate::i18n::Language;

/// An amount written as text, or `None` when it cannot be read without a
/// guess. Accepted: `15000`, `15000.5`, `15 000.00` (spaces, no-break
/// spaces and thin spaces between groups of three), `1,234.56` and
/// `1,234,567` (commas between groups of three), and `12,22` (a decimal
/// comma: one comma followed by one or two digits). `15,000` is refused:
/// fifteen thousand, or fifteen with three decimals?
pub fn parse_amount(text: &str) -> Option<Decimal> {
    let t = text.trim();
    let (sign, t) = match t.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", t.strip_prefix('+').unwrap_or(t)),
    };
    let (int, rest) = t.split_at(t.find(['.', ',']).unwrap_or(t.len()));
    let t = grouped(int, |c| matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}'))? + rest;
    let (int, frac) = match (t.matches(',').count(), t.matches('.').count()) {
        (0, 0) => (t.clone(), String::new()),
        (0, 1) => split(&t, '.'),
        (1, 0) => match split(&t, ',') {
            (int, frac) if (1..=2).contains(&frac.len()) => (int, frac),
            _ => return None,
        },
        (_, 0) => (grouped(&t, |c| c == ',')?, String::new()),
        (_, 1) => {
            let (int, frac) = split(&t, '.');
            (grouped(&int, |c| c == ',')?, frac)
        }
        _ => return None,
    };
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if int.is_empty() || !digits(&int) || !digits(&frac) || t.ends_with(['.', ',']) {
        return None;
    }
    let joined = if frac.is_empty() { format!("{sign}{int}") } else { format!("{sign}{int}.{frac}") };
    Decimal::from_str(&joined).ok()
}

fn split(text: &str, at: char) -> (String, String) {
    let (a, b) = text.split_once(at).unwrap_or((text, ""));
    (a.to_owned(), b.to_owned())
}

/// `int` without the separators `sep` finds, provided they stand only
/// between groups of three digits (`1 234 567`); `None` otherwise.
fn grouped(int: &str, sep: impl Fn(char) -> bool) -> Option<String> {
    if !int.contains(&sep) {
        return Some(int.to_owned());
    }
    let groups: Vec<&str> = int.split(&sep).collect();
    let first_ok = (1..=3).contains(&groups[0].len());
    let rest_ok = groups[1..].iter().all(|g| g.len() == 3);
    (first_ok && rest_ok).then(|| groups.concat())
}

/// `1234567.8` → `1 234 567.80` (`1 234 567,80` in Russian). At least two
/// decimal places, more when sent.
pub fn format_amount(amount: Decimal, lang: Language) -> String {
    let mut value = amount.normalize();
    if value.scale() < 2 {
        value.rescale(2);
    }
    let text = value.abs().to_string();
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let mut grouped = String::with_capacity(text.len() + int.len() / 3 + 1);
    if value.is_sign_negative() && !value.is_zero() {
        grouped.push('-');
    }
    grouped.push_str(&group_digits(int));
    if !frac.is_empty() {
        grouped.push(lang.decimal_mark());
        grouped.push_str(frac);
    }
    grouped
}

/// "12345678" as "12 345 678": the thousands of amounts and counts.
pub fn group_digits(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(digit);
    }
    out
}

/// An amount with its currency, or a dash when unknown.
pub fn format_money(amount: Option<Decimal>, currency: Option<&str>, lang: Language) -> String {
    match (amount, currency) {
        (Some(a), Some(c)) => format!("{} {c}", format_amount(a, lang)),
        (Some(a), None) => format_amount(a, lang),
        (None, _) => "—".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn groups_thousands_and_pads_cents() {
        assert_eq!(format_amount(d("1234567.89"), Language::En), "1 234 567.89");
        assert_eq!(format_amount(d("10"), Language::En), "10.00");
        assert_eq!(format_amount(d("12.2"), Language::En), "12.20");
        assert_eq!(format_amount(d("0"), Language::En), "0.00");
        assert_eq!(format_amount(d("999"), Language::En), "999.00");
        assert_eq!(format_amount(d("1000"), Language::En), "1 000.00");
        assert_eq!(format_amount(d("-1500.5"), Language::En), "-1 500.50");
        assert_eq!(format_amount(d("0.125"), Language::En), "0.125");
        assert_eq!(format_amount(d("12345.67"), Language::Ru), "12 345,67");
        assert_eq!(format_amount(d("-1500.5"), Language::Ru), "-1 500,50");
    }

    #[test]
    fn amounts_as_text_are_read_without_guessing_a_scale() {
        for (text, value) in [
            ("15000", "15000"),
            (" 15000 ", "15000"),
            ("15 000.00", "15000.00"),
            ("15\u{a0}000,50", "15000.50"),
            ("1,234.56", "1234.56"),
            ("1,234,567", "1234567"),
            ("1,234,567.8", "1234567.8"),
            ("12,22", "12.22"),
            ("12,2", "12.2"),
            ("12.22", "12.22"),
            ("-1 500.5", "-1500.5"),
            ("0", "0"),
        ] {
            assert_eq!(parse_amount(text), Some(d(value)), "{text}");
        }
        for ambiguous in [
            "15,000",
            "1.234.567",
            "1.234,56",
            "1,23,456",
            "12,",
            "12.",
            ",5",
            "1 5",
            "15 00",
            "12,222",
            "abc",
            "",
            "1e3",
            "12,34.5",
        ] {
            assert_eq!(parse_amount(ambiguous), None, "{ambiguous} was read");
        }
    }

    #[test]
    fn money_with_currency() {
        assert_eq!(format_money(Some(d("22.22")), Some("KZT"), Language::En), "22.22 KZT");
        assert_eq!(format_money(None, Some("KZT"), Language::Ru), "—");
        assert_eq!(format_money(Some(d("12345.67")), Some("KZT"), Language::Ru), "12 345,67 KZT");
    }
}
