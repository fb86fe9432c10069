//! Amounts as decimals, displayed with thousands separators.

use rust_decimal::Decimal;

/// `1234567.8` → `1 234 567.80`. At least two decimal places, more when sent.
pub fn format_amount(amount: Decimal) -> String {
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
    for (i, digit) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(' ');
        }
        grouped.push(digit);
    }
    if !frac.is_empty() {
        grouped.push('.');
        grouped.push_str(frac);
    }
    grouped
}

/// An amount with its currency, or a dash when unknown.
pub fn format_money(amount: Option<Decimal>, currency: Option<&str>) -> String {
    match (amount, currency) {
        (Some(a), Some(c)) => format!("{} {c}", format_amount(a)),
        (Some(a), None) => format_amount(a),
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
        assert_eq!(format_amount(d("1234567.89")), "1 234 567.89");
        assert_eq!(format_amount(d("10")), "10.00");
        assert_eq!(format_amount(d("12.2")), "12.20");
        assert_eq!(format_amount(d("0")), "0.00");
        assert_eq!(format_amount(d("999")), "999.00");
        assert_eq!(format_amount(d("1000")), "1 000.00");
        assert_eq!(format_amount(d("-1500.5")), "-1 500.50");
        assert_eq!(format_amount(d("0.125")), "0.125");
    }

    #[test]
    fn money_with_currency() {
        assert_eq!(format_money(Some(d("22.22")), Some("KZT")), "22.22 KZT");
        assert_eq!(format_money(None, Some("KZT")), "—");
    }
}
