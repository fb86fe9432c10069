//! Cleaning untrusted text. Every string that comes from the server, from a
//! paste or from an error body passes through [`clean`] where it enters the
//! program, so nothing downstream (terminal, files, logs, clipboard) has to
//! think about escape sequences.

/// Characters that can move the cursor, change the terminal's state or
/// reorder what a reader sees.
fn is_forbidden(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{1f}'          // C0, including ESC and BEL
        | '\u{7f}'                 // DEL
        | '\u{80}'..='\u{9f}'      // C1, including CSI and OSC
        | '\u{200e}' | '\u{200f}'  // LRM, RLM
        | '\u{202a}'..='\u{202e}'  // LRE, RLE, PDF, LRO, RLO
        | '\u{2066}'..='\u{2069}'  // LRI, RLI, FSI, PDI
        | '\u{061c}'               // ALM
    )
}

/// Removes control characters, bidi overrides and DEL. A tab becomes a space
/// and a line break becomes a space, because a single field is never meant to
/// span lines on screen.
pub fn clean(s: &str) -> String {
    clean_with(s, false)
}

/// Like [`clean`], but keeps `\n` where a line break is meaningful (raw JSON,
/// multi-line error bodies).
pub fn clean_multiline(s: &str) -> String {
    clean_with(s, true)
}

fn clean_with(s: &str, keep_newlines: bool) -> String {
    if !s.chars().any(is_forbidden) {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\n' if keep_newlines => out.push('\n'),
            '\t' | '\n' => out.push(' '),
            '\r' => {}
            c if is_forbidden(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// Cleans every string (and every key) inside a JSON value in place.
pub fn clean_json(value: &mut serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::String(s) => {
            if s.chars().any(is_forbidden) {
                *s = clean(s);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(clean_json),
        Value::Object(map) => {
            if map.keys().any(|k| k.chars().any(is_forbidden)) {
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
