//! Reading an acquirer's chargeback list into rows of cells: CSV (`,`, `;`
//! or a tab, a BOM, CRLF) or XLSX (real Excel dates included).

use std::path::Path;

use chrono::NaiveDate;

/// One cell as read: text, or a date Excel stored as a date.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Text(String),
    Date(NaiveDate),
}

impl Cell {
    pub fn text(&self) -> String {
        match self {
            Cell::Text(t) => t.clone(),
            Cell::Date(d) => d.format("%Y-%m-%d").to_string(),
        }
    }

    pub fn is_empty(&self) -> bool {
        matches!(self, Cell::Text(t) if t.trim().is_empty())
    }
}

/// The header and the rows under it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Sheet {
    pub header: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

/// Why a file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum SheetError {
    #[error("cannot read {path}: {source}")]
    Io { path: String, source: std::io::Error },
    #[error("{path} is not a CSV file this program can read: {why}")]
    Csv { path: String, why: String },
    #[error("{path} is not an XLSX workbook this program can read: {why}")]
    Xlsx { path: String, why: String },
    #[error("{path} holds no rows under a header")]
    Empty { path: String },
}

/// A chargeback list is a few thousand rows; more than this is not one.
const MAX_BYTES: u64 = 64 * 1024 * 1024;

/// Reads the file by its content: a ZIP (XLSX) or text (CSV).
pub fn read(path: &Path) -> Result<Sheet, SheetError> {
    let shown = path.display().to_string();
    let io = |source| SheetError::Io { path: shown.clone(), source };
    let meta = std::fs::metadata(path).map_err(io)?;
    if !meta.is_file() || meta.len() > MAX_BYTES {
        let why = std::io::Error::new(std::io::ErrorKind::InvalidInput, "not a regular file of at most 64 MiB");
        return Err(io(why));
    }
    let bytes = std::fs::read(path).map_err(io)?;
    let sheet = if bytes.starts_with(b"PK\x03\x04") { xlsx(&bytes, &shown)? } else { csv(&bytes, &shown)? };
    if sheet.header.is_empty() || sheet.rows.is_empty() {
        return Err(SheetError::Empty { path: shown });
    }
    Ok(sheet)
}

/// The separator the header line uses most: `;` (banks here), `,` or a tab.
fn separator(text: &str) -> u8 {
    let first = text.lines().next().unwrap_or_default();
    [b';', b'\t', b','].into_iter().max_by_key(|s| first.bytes().filter(|b| b == s).count()).unwrap_or(b';')
}

fn csv(bytes: &[u8], shown: &str) -> Result<Sheet, SheetError> {
    let bad = |why: String| SheetError::Csv { path: shown.to_owned(), why };
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    // Excel on Windows may write the legacy code page; UTF-8 is asked for,
    // and anything else is said, not guessed.
    let text = std::str::from_utf8(bytes).map_err(|e| bad(format!("not UTF-8 ({e}); save it as CSV UTF-8")))?;
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(separator(text))
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let mut sheet = Sheet::default();
    for record in records.by_ref() {
        let record = record.map_err(|e| bad(e.to_string()))?;
        let cells: Vec<String> = record.iter().map(|c| crate::text::clean(c).trim().to_owned()).collect();
        if cells.iter().all(String::is_empty) {
            continue;
        }
        if sheet.header.is_empty() {
            sheet.header = cells;
        } else {
            sheet.rows.push(cells.into_iter().map(Cell::Text).collect());
        }
    }
    Ok(sheet)
}

fn xlsx(bytes: &[u8], shown: &str) -> Result<Sheet, SheetError> {
    use calamine::{Data, Reader, Xlsx};
    let bad = |why: String| SheetError::Xlsx { path: shown.to_owned(), why };
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).map_err(|e| bad(e.to_string()))?;
    let range =
        book.worksheet_range_at(0).ok_or_else(|| bad("no worksheet".into()))?.map_err(|e| bad(e.to_string()))?;
    let mut sheet = Sheet::default();
    for row in range.rows() {
        let cells: Vec<Cell> = row
            .iter()
            .map(|c| match c {
                Data::DateTime(d) => {
                    d.as_datetime().map_or_else(|| Cell::Text(d.to_string()), |t| Cell::Date(t.date()))
                }
                Data::DateTimeIso(t) => Cell::Text(t.clone()),
                Data::Float(f) => Cell::Text(number(*f)),
                Data::Int(i) => Cell::Text(i.to_string()),
                Data::String(s) => Cell::Text(crate::text::clean(s).trim().to_owned()),
                Data::Bool(b) => Cell::Text(b.to_string()),
                Data::Empty | Data::Error(_) | Data::DurationIso(_) => Cell::Text(String::new()),
            })
            .collect();
        if cells.iter().all(Cell::is_empty) {
            continue;
        }
        if sheet.header.is_empty() {
            sheet.header = cells.iter().map(Cell::text).collect();
        } else {
            sheet.rows.push(cells);
        }
    }
    Ok(sheet)
}

/// A number from a cell as text: whole numbers (an RRN typed as a number)
/// without a fraction, others with the shortest digits that read back the
/// same (12.22, never 12.2200000001).
fn number(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 { format!("{}", f as i64) } else { format!("{f}") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_separator_is_the_headers() {
        assert_eq!(separator("Дата;Карта;Сумма\n1,5;2;3"), b';');
        assert_eq!(separator("date,card,amount"), b',');
        assert_eq!(separator("date\tcard\tamount"), b'\t');
    }

    #[test]
    fn numbers_read_back_as_written() {
        assert_eq!(number(231951411351.0), "231951411351");
        assert_eq!(number(12.22), "12.22");
        assert_eq!(number(4200.0), "4200");
    }
}
