//! Which column is which, by its header in Russian or English, and one
//! row read into a chargeback notice.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::sheet::Cell;
use crate::epay::CardMask;

/// The columns a notice row has.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Column {
    Date,
    Card,
    Amount,
    Currency,
    Rrn,
    Arn,
    ReasonCode,
    ReasonText,
    Deadline,
}

impl Column {
    pub const ALL: [Column; 9] = [
        Column::Date,
        Column::Card,
        Column::Amount,
        Column::Currency,
        Column::Rrn,
        Column::Arn,
        Column::ReasonCode,
        Column::ReasonText,
        Column::Deadline,
    ];

    /// The columns a file must have: without them a row cannot be matched
    /// or answered.
    pub const NEEDED: [Column; 4] = [Column::Date, Column::Card, Column::Amount, Column::ReasonCode];

    pub fn name(self) -> &'static str {
        match self {
            Column::Date => "date of the operation",
            Column::Card => "card",
            Column::Amount => "amount",
            Column::Currency => "currency",
            Column::Rrn => "RRN",
            Column::Arn => "ARN",
            Column::ReasonCode => "reason code",
            Column::ReasonText => "reason",
            Column::Deadline => "deadline",
        }
    }

    /// Headers naming this column, lower case, as banks here and abroad
    /// write them; a header is matched whole first, then by these words.
    fn names(self) -> &'static [&'static str] {
        match self {
            Column::Date => &[
                "дата операции",
                "дата транзакции",
                "дата платежа",
                "дата",
                "transaction date",
                "operation date",
                "trans date",
                "date",
            ],
            Column::Card => &["номер карты", "маска карты", "карта", "pan", "card number", "card mask", "card"],
            Column::Amount => {
                &["сумма операции", "сумма спора", "сумма", "transaction amount", "dispute amount", "amount"]
            }
            Column::Currency => &["валюта", "currency", "ccy"],
            Column::Rrn => &["rrn", "ррн", "retrieval reference number", "reference"],
            Column::Arn => &["arn", "арн", "acquirer reference number"],
            Column::ReasonCode => &["код причины", "код спора", "reason code", "код"],
            Column::ReasonText => &["причина", "описание причины", "причина спора", "reason", "reason description"],
            Column::Deadline => {
                &["срок ответа", "крайний срок", "срок", "ответить до", "deadline", "due date", "respond by"]
            }
        }
    }
}

fn normalised(header: &str) -> String {
    header
        .chars()
        .map(|c| if c.is_alphanumeric() { c.to_lowercase().next().unwrap_or(c) } else { ' ' })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Where each column is, and the headers nothing recognised (kept in the
/// case's first note).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Layout {
    at: Vec<(Column, usize)>,
    pub unknown: Vec<(usize, String)>,
    /// The header's cells: a row with more is refused.
    width: usize,
}

impl Layout {
    /// Recognises the header; names the needed columns it lacks.
    pub fn of(header: &[String]) -> Result<Layout, Vec<Column>> {
        let headers: Vec<String> = header.iter().map(|h| normalised(h)).collect();
        let mut layout = Layout { width: header.len(), ..Layout::default() };
        let mut taken = vec![false; headers.len()];
        // Whole names first (so "reason code" is not taken for "reason"),
        // then headers that start with a name.
        for whole in [true, false] {
            for column in Column::ALL {
                if layout.at.iter().any(|(c, _)| *c == column) {
                    continue;
                }
                let found = column.names().iter().find_map(|name| {
                    headers.iter().enumerate().position(|(i, h)| {
                        !taken[i] && if whole { h == name } else { h.starts_with(&format!("{name} ")) }
                    })
                });
                if let Some(i) = found {
                    taken[i] = true;
                    layout.at.push((column, i));
                }
            }
        }
        let missing: Vec<Column> = Column::NEEDED.into_iter().filter(|c| layout.index(*c).is_none()).collect();
        if !missing.is_empty() {
            return Err(missing);
        }
        layout.unknown = header
            .iter()
            .enumerate()
            .filter(|(i, h)| !taken[*i] && !h.trim().is_empty())
            .map(|(i, h)| (i, h.clone()))
            .collect();
        Ok(layout)
    }

    fn index(&self, column: Column) -> Option<usize> {
        self.at.iter().find(|(c, _)| *c == column).map(|(_, i)| *i)
    }

    fn cell<'a>(&self, row: &'a [Cell], column: Column) -> Option<&'a Cell> {
        row.get(self.index(column)?).filter(|c| !c.is_empty())
    }
}

/// One dispute as the acquirer's list gives it.
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    /// The row's number in the file, counting the header as 1.
    pub line: usize,
    pub date: NaiveDate,
    pub card: CardMask,
    /// The card as the file wrote it.
    pub card_text: String,
    pub amount: Decimal,
    pub currency: Option<String>,
    pub rrn: Option<String>,
    pub arn: Option<String>,
    pub reason_code: String,
    pub reason_text: Option<String>,
    pub deadline: Option<NaiveDate>,
    /// Columns nothing recognised: header and value.
    pub other: Vec<(String, String)>,
}

impl Notice {
    /// What makes the row the same dispute when the file is read again: the
    /// ARN, or the RRN with the reason code.
    pub fn key(&self) -> String {
        match (&self.arn, &self.rrn) {
            (Some(arn), _) => format!("ARN {arn}"),
            (None, Some(rrn)) => format!("RRN {rrn} · {}", self.reason_code),
            (None, None) => format!("{} · {} · {} · {}", self.date, self.card_text, self.amount, self.reason_code),
        }
    }
}

/// A date as banks write it: `05.12.2026`, `2026-12-05`, or an Excel date.
fn day_of(cell: &Cell) -> Option<NaiveDate> {
    match cell {
        Cell::Date(d) => Some(*d),
        Cell::Number(_) => None,
        Cell::Text(t) => {
            // "05.12.2026 14:03" or "2026-12-05T14:03:00": the day is what
            // counts. Four-digit years only: "20.12.26" is not year 26.
            let day = t.trim().split([' ', 'T']).next().unwrap_or_default();
            NaiveDate::parse_from_str(day, "%d.%m.%Y")
                .or_else(|_| NaiveDate::parse_from_str(day, "%Y-%m-%d"))
                .or_else(|_| NaiveDate::parse_from_str(day, "%d/%m/%Y"))
                .ok()
                .filter(|d| (2000..=2099).contains(&chrono::Datelike::year(d)))
        }
    }
}

fn digits(text: &str) -> Option<String> {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    (!t.is_empty() && t.len() <= 32 && t.bytes().all(|b| b.is_ascii_digit())).then_some(t)
}

/// `text` with every run of 13 to 19 digits (a whole card number, in a
/// column that should not hold one) shown as its first six and last four:
/// a full card number is never printed nor kept in a note.
pub fn masked(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut String| {
        if (13..=19).contains(&run.len()) {
            out.push_str(&format!("{}{}{}", &run[..6], "*".repeat(run.len() - 10), &run[run.len() - 4..]));
        } else {
            out.push_str(run);
        }
        run.clear();
    };
    for c in text.chars() {
        if c.is_ascii_digit() {
            run.push(c);
        } else {
            flush(&mut run, &mut out);
            out.push(c);
        }
    }
    flush(&mut run, &mut out);
    out
}

/// Why a row was not read; its line and what to mend.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Invalid {
    pub line: usize,
    pub column: &'static str,
    pub value: String,
    pub why: Why,
}

/// What is wrong with the cell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Why {
    /// It cannot be read as this column's value.
    Unreadable,
    /// A number too long for a spreadsheet's number cell (its last digits
    /// are gone): it must be stored as text.
    LostDigits,
    /// The row has more cells than the header (an unquoted decimal comma
    /// in a comma-separated file shifts every column after it).
    Wider,
}

impl Layout {
    /// Reads one row (`line` counts the header as 1).
    pub fn notice(&self, line: usize, row: &[Cell]) -> Result<Notice, Invalid> {
        let text = |c| self.cell(row, c).map(Cell::text);
        let bad = |column: Column| Invalid {
            line,
            column: column.name(),
            value: masked(&text(column).unwrap_or_default()),
            why: Why::Unreadable,
        };
        let filled = row.iter().rposition(|c| !c.is_empty()).map_or(0, |i| i + 1);
        if filled > self.width {
            let value = masked(&row.iter().map(Cell::text).collect::<Vec<_>>().join(" | "));
            return Err(Invalid { line, column: "", value, why: Why::Wider });
        }
        for column in [Column::Rrn, Column::Arn] {
            if matches!(self.cell(row, column), Some(Cell::Number(f)) if f.abs() >= super::sheet::EXACT) {
                return Err(Invalid { why: Why::LostDigits, ..bad(column) });
            }
        }
        let date = self.cell(row, Column::Date).and_then(day_of).ok_or_else(|| bad(Column::Date))?;
        let card_text = text(Column::Card).ok_or_else(|| bad(Column::Card))?;
        let card = CardMask::parse(&card_text).map_err(|_| bad(Column::Card))?;
        let amount = text(Column::Amount)
            .and_then(|a| crate::epay::money::parse_amount(&a))
            .filter(|a| a.is_sign_positive() && !a.is_zero())
            .ok_or_else(|| bad(Column::Amount))?;
        // An RRN is 12 characters (ISO 8583 field 37); a spreadsheet that
        // stored it as a number dropped its leading zeros.
        let rrn = match text(Column::Rrn) {
            Some(r) => {
                let d = digits(&r).filter(|d| (6..=24).contains(&d.len())).ok_or_else(|| bad(Column::Rrn))?;
                Some(format!("{d:0>12}"))
            }
            None => None,
        };
        let arn = match text(Column::Arn) {
            // An ARN is 23 digits: a shorter one would be a key that
            // other notices' keys contain.
            Some(a) => Some(digits(&a).filter(|d| d.len() == 23).ok_or_else(|| bad(Column::Arn))?),
            None => None,
        };
        // "Visa 10.4", "10.4 Fraud", "10,4", "MC 4837": the code the
        // catalogue knows; another word a tag can hold is kept as it is.
        let reason_code = text(Column::ReasonCode)
            .and_then(|c| {
                let c = c.trim().replace(',', ".");
                let known = c.split_whitespace().find_map(crate::reasons::find).or_else(|| crate::reasons::find(&c));
                known.map(|r| r.code.clone()).or_else(|| crate::case::tag(&c).ok())
            })
            .ok_or_else(|| bad(Column::ReasonCode))?;
        let deadline = match self.cell(row, Column::Deadline) {
            Some(cell) => Some(day_of(cell).ok_or_else(|| bad(Column::Deadline))?),
            None => None,
        };
        let other = self
            .unknown
            .iter()
            .filter_map(|(i, header)| Some((header.clone(), masked(&row.get(*i).filter(|c| !c.is_empty())?.text()))))
            .collect();
        Ok(Notice {
            line,
            date,
            card,
            card_text,
            amount,
            currency: text(Column::Currency),
            rrn,
            arn,
            reason_code,
            reason_text: text(Column::ReasonText),
            deadline,
            other,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn russian_and_english_headers_are_recognised() {
        let ru = header(&[
            "Дата операции",
            "Номер карты",
            "Сумма",
            "Валюта",
            "RRN",
            "ARN",
            "Код причины",
            "Причина",
            "Срок ответа",
            "Филиал",
        ]);
        let layout = Layout::of(&ru).unwrap();
        assert_eq!(layout.index(Column::ReasonCode), Some(6));
        assert_eq!(layout.index(Column::ReasonText), Some(7));
        assert_eq!(layout.index(Column::Deadline), Some(8));
        assert_eq!(layout.unknown, [(9, "Филиал".to_owned())]);
        let en = header(&[
            "Transaction date",
            "Card number",
            "Amount",
            "Currency",
            "RRN",
            "ARN",
            "Reason code",
            "Reason",
            "Due date",
        ]);
        let layout = Layout::of(&en).unwrap();
        assert_eq!((layout.index(Column::Date), layout.index(Column::Deadline)), (Some(0), Some(8)));
        assert!(layout.unknown.is_empty());
        assert_eq!(Layout::of(&header(&["Дата", "Сумма"])), Err(vec![Column::Card, Column::ReasonCode]));
    }

    #[test]
    fn a_row_reads_as_banks_write_it() {
        let layout = Layout::of(&header(&["Дата", "Карта", "Сумма", "RRN", "Код причины", "Срок"])).unwrap();
        let row: Vec<Cell> = ["17.11.2026", "440563******1234", "4 200,00", "000001675664", "10.4", "2026-12-20"]
            .into_iter()
            .map(|s| Cell::Text(s.into()))
            .collect();
        let n = layout.notice(2, &row).unwrap();
        assert_eq!(n.date, NaiveDate::from_ymd_opt(2026, 11, 17).unwrap());
        assert_eq!(n.amount, Decimal::new(420000, 2));
        assert_eq!(n.key(), "RRN 000001675664 · 10.4");
        assert_eq!(n.deadline, NaiveDate::from_ymd_opt(2026, 12, 20));
        let mut bad = row.clone();
        bad[2] = Cell::Text("много".into());
        let refused = layout.notice(3, &bad).unwrap_err();
        assert_eq!((refused.column, refused.value.as_str(), refused.why), ("amount", "много", Why::Unreadable));
        let mut short_year = row.clone();
        short_year[5] = Cell::Text("20.12.26".into());
        assert_eq!(layout.notice(4, &short_year).unwrap_err().column, "deadline");
        let mut wider = row.clone();
        wider.push(Cell::Text("50".into()));
        assert_eq!(layout.notice(5, &wider).unwrap_err().why, Why::Wider);
        let mut arn_layout = Layout::of(&header(&["Дата", "Карта", "Сумма", "ARN", "Код причины"])).unwrap();
        arn_layout.width = 5;
        let as_number: Vec<Cell> = vec![
            Cell::Text("17.11.2026".into()),
            Cell::Text("440563******1234".into()),
            Cell::Number(4200.0),
            Cell::Number(74567890123456789012345.0),
            Cell::Text("Visa 10.4".into()),
        ];
        assert_eq!(arn_layout.notice(6, &as_number).unwrap_err().why, Why::LostDigits);
        let mut short = as_number.clone();
        short[3] = Cell::Text("8888".into());
        assert_eq!(arn_layout.notice(6, &short).unwrap_err().column, "ARN", "an ARN has 23 digits");
        assert_eq!(masked("PAN 4405631234561234, RRN 000001675664"), "PAN 440563******1234, RRN 000001675664");
        let mut ok = as_number.clone();
        ok[3] = Cell::Text("74567890123456789012345".into());
        assert_eq!(arn_layout.notice(7, &ok).unwrap().reason_code, "10.4", "the code the catalogue knows");
    }
}
