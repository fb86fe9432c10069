//! Cleaning untrusted text. Every string that comes from the server, from a
//! paste or from an error body passes through [`clean`] where it enters the
//! program, so nothing downstream (terminal, files, logs, clipboard) has to
//! think about escape sequences.

use unicode_width::UnicodeWidthChar;

/// Combining marks kept on one base character. Real text (Cyrillic, Kazakh,
/// Vietnamese) needs two at most; "Zalgo" stacks of dozens smear a row of
/// the dashboard over its neighbours.
const MAX_COMBINING: usize = 3;

/// Characters that can move the cursor, change the terminal's state,
/// reorder what a reader sees, or take no room at all and so misalign the
/// columns around them.
fn is_forbidden(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{1f}'          // C0, including ESC and BEL
        | '\u{7f}'                 // DEL
        | '\u{80}'..='\u{9f}'      // C1, including CSI and OSC
        | '\u{ad}'                 // soft hyphen: invisible until a line breaks
        | '\u{180e}'               // Mongolian vowel separator
        | '\u{200b}'..='\u{200d}'  // zero-width space, non-joiner, joiner
        | '\u{200e}' | '\u{200f}'  // LRM, RLM
        | '\u{2028}' | '\u{2029}'  // line and paragraph separators
        | '\u{202a}'..='\u{202e}'  // LRE, RLE, PDF, LRO, RLO
        | '\u{2060}'..='\u{2064}'  // word joiner, invisible operators
        | '\u{2066}'..='\u{2069}'  // LRI, RLI, FSI, PDI
        | '\u{061c}'               // ALM
        | '\u{feff}'               // BOM, zero-width no-break space
    )
}

/// A mark drawn on the character before it (it takes no cell of its own).
fn is_combining(c: char) -> bool {
    !c.is_ascii() && c.width() == Some(0)
}

/// Removes control characters, bidi overrides, zero-width characters and
/// long stacks of combining marks. A tab or a line break becomes a space,
/// because a single field is never meant to span lines on screen.
pub fn clean(s: &str) -> String {
    clean_with(s, false)
}

/// Like [`clean`], but keeps `\n` where a line break is meaningful (raw JSON,
/// multi-line error bodies).
pub fn clean_multiline(s: &str) -> String {
    clean_with(s, true)
}

/// Whether [`clean`] would change `s`.
fn needs_cleaning(s: &str) -> bool {
    let mut marks = 0;
    for c in s.chars() {
        if is_forbidden(c) {
            return true;
        }
        marks = if is_combining(c) { marks + 1 } else { 0 };
        if marks > MAX_COMBINING {
            return true;
        }
    }
    false
}

fn clean_with(s: &str, keep_newlines: bool) -> String {
    if !needs_cleaning(s) {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    let mut marks = 0;
    for c in s.chars() {
        match c {
            '\n' if keep_newlines => out.push('\n'),
            '\t' | '\n' => out.push(' '),
            // Removed characters do not end a stack of marks, so a second
            // cleaning finds nothing left to do.
            c if is_forbidden(c) => continue,
            c if is_combining(c) => {
                marks += 1;
                if marks <= MAX_COMBINING {
                    out.push(c);
                }
                continue;
            }
            c => out.push(c),
        }
        marks = 0;
    }
    out
}

/// Cleans every string (and every key) inside a JSON value in place. A
/// string that itself holds JSON (ePay's double-encoded `data`) is cleaned
/// inside too: its `\u001b` escapes are harmless text here, but become live
/// escape sequences for whoever decodes it (`jq '.data | fromjson'`).
pub fn clean_json(value: &mut serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::String(s) => {
            if needs_cleaning(s) {
                *s = clean(s);
            }
            if let Some(inner) = cleaned_embedded_json(s) {
                *s = inner;
            }
        }
        Value::Array(items) => items.iter_mut().for_each(clean_json),
        Value::Object(map) => {
            if map.keys().any(|k| needs_cleaning(k)) {
                let old = std::mem::take(map);
                for (k, mut v) in old {
                    clean_json(&mut v);
                    map.insert(clean(&k), v);
                }
            } else {
                map.values_mut().for_each(clean_json);
            }
        }
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}

/// The string re-encoded with its inner JSON cleaned, when it is JSON (an
/// object, an array or a string) with escapes that cleaning changes;
/// `None` otherwise.
fn cleaned_embedded_json(s: &str) -> Option<String> {
    let t = s.trim_start();
    // Only an escape can smuggle a control character past the outer cleaning.
    if !t.starts_with(['{', '[', '"']) || !s.contains('\\') {
        return None;
    }
    let mut inner: serde_json::Value = serde_json::from_str(s).ok()?;
    let before = inner.clone();
    clean_json(&mut inner);
    (inner != before).then(|| inner.to_string())
}

/// Splits `text` into lines no wider than `width`, breaking at spaces where
/// possible and inside a word only when it alone is too wide.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    // Leading spaces are indentation (pretty JSON) and are kept.
    let body = text.trim_start_matches(' ');
    let indent = (text.len() - body.len()).min(width / 2);
    let mut lines = Vec::new();
    let mut line = " ".repeat(indent);
    let mut line_width = indent;
    let mut fresh = true;
    for word in body.split(' ') {
        let word_width: usize = word.chars().map(|c| c.width().unwrap_or(0)).sum();
        let sep = usize::from(!fresh);
        if line_width + sep + word_width <= width {
            if sep == 1 {
                line.push(' ');
            }
            line.push_str(word);
            line_width += sep + word_width;
            fresh = false;
            continue;
        }
        if !fresh {
            lines.push(std::mem::take(&mut line));
            line_width = 0;
        }
        for c in word.chars() {
            let w = c.width().unwrap_or(0);
            if line_width + w > width && line_width > 0 {
                lines.push(std::mem::take(&mut line));
                line_width = 0;
            }
            line.push(c);
            line_width += w;
        }
        fresh = false;
    }
    lines.push(line);
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_at_spaces_by_display_width() {
        assert_eq!(wrap("Оплата заказа путёвка", 13), ["Оплата заказа", "путёвка"]);
        assert_eq!(wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(wrap("", 5), [""]);
        assert_eq!(wrap("漢字漢字", 4), ["漢字", "漢字"]);
        assert_eq!(wrap("    \"key\": 1", 20), ["    \"key\": 1"]);
        assert_eq!(wrap("a  b", 10), ["a  b"]);
    }

    #[test]
    fn strips_escape_sequences_and_bidi() {
        let hostile = "Tester\u{1b}]0;pwned\u{7}\u{1b}[2J Petrov\u{202e}gnp.exe\u{9b}31m\u{7f}";
        let out = clean(hostile);
        assert_eq!(out, "Tester]0;pwned[2J Petrovgnp.exe31m");
        assert!(!out.chars().any(is_forbidden));
    }

    #[test]
    fn keeps_cyrillic_and_kazakh() {
        assert_eq!(clean("Қазақстан, Алматы"), "Қазақстан, Алматы");
    }

    #[test]
    fn newlines_only_where_meant() {
        assert_eq!(clean("a\nb\tc\r\n"), "a b c ");
        assert_eq!(clean_multiline("a\r\nb\u{1b}[1m"), "a\nb[1m");
    }

    #[test]
    fn cleans_json_keys_and_nested_strings() {
        let mut v = serde_json::json!({"a\u{1b}": ["x\u{7}", {"b": "\u{202e}y"}], "n": 1});
        clean_json(&mut v);
        assert_eq!(v, serde_json::json!({"a": ["x", {"b": "y"}], "n": 1}));
    }

    #[test]
    fn removes_invisible_characters_and_mark_stacks() {
        assert_eq!(clean("Pe\u{200b}trov\u{feff}\u{2028}x\u{2029}\u{ad}\u{2060}"), "Petrovx");
        // One or two marks are real text (й written as и + breve); a stack is not.
        assert_eq!(clean("и\u{306}"), "и\u{306}");
        let zalgo = format!("a{}b", "\u{301}".repeat(40));
        assert_eq!(clean(&zalgo), format!("a{}b", "\u{301}".repeat(MAX_COMBINING)));
    }

    #[test]
    fn json_inside_a_string_is_cleaned_inside() {
        let data = r#"{"email":"a@b.kz","x":"\u001b]52;c;cHduZWQ=\u0007"}"#;
        let mut v = serde_json::json!({ "data": data, "plain": "no \\u001b json" });
        clean_json(&mut v);
        let inner: serde_json::Value = serde_json::from_str(v["data"].as_str().unwrap()).unwrap();
        assert_eq!(inner["x"], "]52;c;cHduZWQ=");
        assert_eq!(inner["email"], "a@b.kz");
        assert_eq!(v["plain"], "no \\u001b json", "text that is not JSON is left as it is");
        let mut quoted = serde_json::json!({ "data": r#""\u001b]52;c;eA==\u0007""# });
        clean_json(&mut quoted);
        let inner: String = serde_json::from_str(quoted["data"].as_str().unwrap()).unwrap();
        assert_eq!(inner, "]52;c;eA==");
    }
}
