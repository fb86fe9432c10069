//! The report's blocks as Markdown: every piece of text escaped, so what a
//! server or a note says shows as typed in whatever renders it.

use std::fmt::Write as _;

use super::blocks::Block;

pub fn render(blocks: &[Block]) -> String {
    let mut md = String::new();
    for block in blocks {
        let _ = match block {
            Block::Title(text) => writeln!(md, "# {}\n", cell(text)),
            // Two spaces end a line without ending the paragraph.
            Block::Lines(lines) => {
                writeln!(md, "{}\n", lines.iter().map(|l| cell(l)).collect::<Vec<_>>().join("  \n"))
            }
            Block::Lead { strong, rest } => writeln!(md, "**{}** · {}\n", cell(strong), cell(rest)),
            Block::Heading(level, text) => writeln!(md, "{} {}\n", "#".repeat(usize::from(*level)), cell(text)),
            Block::Table { columns, rows } => {
                head(&mut md, columns.iter().map(|c| cell(c)));
                for row in rows {
                    let cells: Vec<String> = row.iter().map(|c| lines(c)).collect();
                    let _ = writeln!(md, "| {} |", cells.join(" | "));
                }
                writeln!(md)
            }
            Block::Checklist { columns, items } => {
                head(&mut md, [String::new(), cell(&columns[0]), cell(&columns[1])].into_iter());
                for (done, what, how) in items {
                    let mark = if *done { "☑" } else { "☐" };
                    let _ = writeln!(md, "| {mark} | {} | {} |", cell(what), cell(how));
                }
                writeln!(md)
            }
            // The words say what the map would.
            Block::Map { caption, .. } => writeln!(md, "{}\n", cell(caption)),
            Block::Code(text) => writeln!(md, "```json\n{}\n```\n", text.replace("```", "'''")),
        };
    }
    md.truncate(md.trim_end().len());
    md.push('\n');
    md
}

fn head(md: &mut String, columns: impl Iterator<Item = String>) {
    let columns: Vec<String> = columns.collect();
    let _ = writeln!(md, "| {} |\n|{}", columns.join(" | "), "---|".repeat(columns.len()));
}

/// A cell of several lines: each escaped, kept apart with `<br>`.
fn lines(text: &str) -> String {
    text.split('\n').map(cell).collect::<Vec<_>>().join("<br>")
}

/// Text in Markdown (a table cell or a line): one line, with all that
/// Markdown or HTML would act on made literal, so a name like
/// `<img onerror=...>` or `[pay here](http://...)` shows as typed, never as
/// markup or a link, in whatever renders the report.
pub fn cell(s: &str) -> String {
    let clean = crate::text::clean(s);
    let mut out = String::with_capacity(clean.len() + 8);
    for c in clean.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '(' | ')' | '|' | '~' | '!' | '#' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    // GitHub's Markdown links bare addresses: break the pattern it looks for.
    out.replace("://", "\\://").replace("www.", "www\\.")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_show_markup_as_text() {
        assert_eq!(cell("<script>alert(1)</script>"), "&lt;script&gt;alert\\(1\\)&lt;/script&gt;");
        assert_eq!(cell("[pay](http://evil.kz) www.evil.kz"), "\\[pay\\]\\(http\\://evil.kz\\) www\\.evil.kz");
        assert_eq!(cell("a|b *c* `d` &amp;"), "a\\|b \\*c\\* \\`d\\` &amp;amp;");
        assert_eq!(cell("Tester Petrov 12.22"), "Tester Petrov 12.22");
    }

    #[test]
    fn a_note_keeps_its_lines_in_one_cell() {
        let table = Block::Table { columns: vec!["What".into()], rows: vec![vec!["one\n*two*".into()]] };
        assert_eq!(render(&[table]), "| What |\n|---|\n| one<br>\\*two\\* |\n");
    }
}
