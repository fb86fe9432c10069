//! Reading an acquirer's chargeback list into rows of cells: CSV (`,`, `;`
//! or a tab, a BOM, CRLF) or XLSX (real Excel dates included).

use std::path::Path;

use chrono::NaiveDate;

/// One cell as read: text, a number a spreadsheet stored as a number, or
/// a date Excel stored as a date.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Text(String),
    Number(f64),
    Date(NaiveDate),
}

/// Above this a binary float no longer holds every whole number: an ARN
/// (23 digits) stored as a number has lost its last digits.
pub const EXACT: f64 = 9_007_199_254_740_992.0;

impl Cell {
    pub fn text(&self) -> String {
        match self {
            Cell::Text(t) => t.clone(),
            Cell::Number(f) => number(*f),
            Cell::Date(d) => d.format("%Y-%m-%d").to_string(),
        }
    }

    pub fn is_empty(&self) -> bool {
        matches!(self, Cell::Text(t) if t.trim().is_empty())
    }
}

/// The rows of a file that hold anything, each with its line (row) number
/// in the file, counting from 1.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Sheet {
    pub rows: Vec<(usize, Vec<Cell>)>,
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
    #[error("{path} holds no rows")]
    Empty { path: String },
    #[error("{path} has more than {rows} rows or {columns} columns: not a chargeback list")]
    TooLarge { path: String, rows: usize, columns: usize },
}

/// A chargeback list is a few thousand rows; more than this is not one.
const MAX_BYTES: u64 = 64 * 1024 * 1024;
const MAX_ROWS: usize = 200_000;
const MAX_COLUMNS: usize = 200;

/// Reads the file by its content: a ZIP (XLSX) or text (CSV).
pub fn read(path: &Path) -> Result<Sheet, SheetError> {
    let shown = crate::text::clean(&path.display().to_string());
    let io = |source| SheetError::Io { path: shown.clone(), source };
    let meta = std::fs::metadata(path).map_err(io)?;
    if !meta.is_file() || meta.len() > MAX_BYTES {
        let why = std::io::Error::new(std::io::ErrorKind::InvalidInput, "not a regular file of at most 64 MiB");
        return Err(io(why));
    }
    let bytes = std::fs::read(path).map_err(io)?;
    let sheet = if bytes.starts_with(b"PK\x03\x04") { xlsx(&bytes, &shown)? } else { csv(&bytes, &shown)? };
    if sheet.rows.is_empty() {
        return Err(SheetError::Empty { path: shown });
    }
    Ok(sheet)
}

/// The separator the file's first lines use most in one line (a title
/// or a blank line may stand above the header): `;` (banks here), `,` or
/// a tab.
fn separator(text: &str) -> u8 {
    let most = |s: u8| text.lines().take(10).map(|l| l.bytes().filter(|b| *b == s).count()).max().unwrap_or(0);
    [b';', b'\t', b','].into_iter().max_by_key(|s| most(*s)).unwrap_or(b';')
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
    let mut sheet = Sheet::default();
    let mut lines = Lines::default();
    for record in reader.records() {
        let record = record.map_err(|e| bad(e.to_string()))?;
        let line = record.position().map_or(0, |p| lines.at(text.as_bytes(), p.byte() as usize));
        let cells: Vec<String> = record.iter().map(|c| crate::text::clean(c).trim().to_owned()).collect();
        if cells.iter().all(String::is_empty) {
            continue;
        }
        if sheet.rows.len() >= MAX_ROWS || cells.len() > MAX_COLUMNS {
            return Err(SheetError::TooLarge { path: shown.to_owned(), rows: MAX_ROWS, columns: MAX_COLUMNS });
        }
        sheet.rows.push((line, cells.into_iter().map(Cell::Text).collect()));
    }
    Ok(sheet)
}

/// The first sheet's cells, read one by one: a workbook that claims a
/// million rows (one stray cell far down) is refused, not allocated.
fn xlsx(bytes: &[u8], shown: &str) -> Result<Sheet, SheetError> {
    use calamine::{DataRef, Reader, Xlsx};
    let bad = |why: String| SheetError::Xlsx { path: shown.to_owned(), why };
    let too_large = || SheetError::TooLarge { path: shown.to_owned(), rows: MAX_ROWS, columns: MAX_COLUMNS };
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).map_err(|e| bad(e.to_string()))?;
    let first = book.sheet_names().first().cloned().ok_or_else(|| bad("no worksheet".into()))?;
    let mut reader = book.worksheet_cells_reader(&first).map_err(|e| bad(e.to_string()))?;
    let mut rows: std::collections::BTreeMap<u32, Vec<Cell>> = std::collections::BTreeMap::new();
    while let Some(cell) = reader.next_cell().map_err(|e| bad(e.to_string()))? {
        let (row, column) = cell.get_position();
        let value = match cell.get_value() {
            DataRef::DateTime(d) => d.as_datetime().map_or_else(|| Cell::Text(d.to_string()), |t| Cell::Date(t.date())),
            DataRef::DateTimeIso(t) => Cell::Text(crate::text::clean(t).trim().to_owned()),
            DataRef::Float(f) => Cell::Number(*f),
            DataRef::Int(i) => Cell::Number(*i as f64),
            DataRef::String(s) => Cell::Text(crate::text::clean(s).trim().to_owned()),
            DataRef::SharedString(s) => Cell::Text(crate::text::clean(s).trim().to_owned()),
            DataRef::Bool(b) => Cell::Text(b.to_string()),
            DataRef::Empty | DataRef::Error(_) | DataRef::DurationIso(_) => continue,
        };
        if value.is_empty() {
            continue;
        }
        if column as usize >= MAX_COLUMNS || (rows.len() >= MAX_ROWS && !rows.contains_key(&row)) {
            return Err(too_large());
        }
        let cells = rows.entry(row).or_default();
        if cells.len() <= column as usize {
            cells.resize(column as usize + 1, Cell::Text(String::new()));
        }
        cells[column as usize] = value;
    }
    Ok(Sheet { rows: rows.into_iter().map(|(row, cells)| (row as usize + 1, cells)).collect() })
}

/// The line each record starts on, as an editor shows it, counted on from
/// the last record's (records come in order). The reader's own count is
/// not that: it ends a line at the `\r` of a CRLF, and puts the record's
/// start on the `\n` before it. A line ends at `\r\n`, `\n` or a lone `\r`.
#[derive(Default)]
struct Lines {
    at: usize,
    line: usize,
}

impl Lines {
    fn at(&mut self, bytes: &[u8], byte: usize) -> usize {
        let start = (byte..bytes.len()).find(|&i| !matches!(bytes[i], b'\r' | b'\n')).unwrap_or(bytes.len());
        let from = self.at.min(start);
        for i in from..start {
            let ends = match bytes[i] {
                b'\n' => true,
                b'\r' => bytes.get(i + 1) != Some(&b'\n'),
                _ => false,
            };
            self.line += usize::from(ends);
        }
        self.at = start;
        self.line + 1
    }
}

/// A number from a cell as text: whole numbers (an RRN typed as a number)
/// without a fraction, others with the shortest digits that read back the
/// same (12.22, never 12.2200000001).
fn number(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < EXACT { format!("{}", f as i64) } else { format!("{f}") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_separator_is_the_headers() {
        assert_eq!(separator("Дата;Карта;Сумма\n1,5;2;3"), b';');
        assert_eq!(separator("date,card,amount"), b',');
        assert_eq!(separator("date\tcard\tamount"), b'\t');
        assert_eq!(separator("Реестр за ноябрь, 2026\n\nДата;Карта;Сумма;RRN\n"), b';', "under a title");
    }

    #[test]
    fn each_row_has_the_line_an_editor_shows() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("list.csv");
        std::fs::write(&path, "\u{feff}a;b\r\n1;2\r\n\r\n\"two\nlines\";3\r\n4;5").unwrap();
        let lines: Vec<usize> = read(&path).unwrap().rows.iter().map(|(line, _)| *line).collect();
        assert_eq!(lines, [1, 2, 4, 6]);
        std::fs::write(&path, "a,b\n1,2\n3,4\n").unwrap();
        let lines: Vec<usize> = read(&path).unwrap().rows.iter().map(|(line, _)| *line).collect();
        assert_eq!(lines, [1, 2, 3]);
        std::fs::write(&path, "a;b\r1;2\r\r3;4\r").unwrap();
        let lines: Vec<usize> = read(&path).unwrap().rows.iter().map(|(line, _)| *line).collect();
        assert_eq!(lines, [1, 2, 4], "a lone CR ends a line");
    }

    #[test]
    fn numbers_read_back_as_written() {
        assert_eq!(number(231951411351.0), "231951411351");
        assert_eq!(number(12.22), "12.22");
        assert_eq!(number(4200.0), "4200");
    }
}
