//! Keeping secrets out of what the program shows, logs and stores: the
//! client secret and tokens echoed back by a server, and passwords written
//! into URLs.

/// What stands where a secret was.
pub const REDACTED: &str = "[redacted]";

/// Secrets shorter than this are not searched for: replacing every "1" in
/// a body would hide the answer and protect nothing.
const MIN_SECRET: usize = 6;

/// Replaces each secret in `body` with [`REDACTED`], in each spelling a
/// server echoing a request would use: as written, form-encoded (hex in
/// either case, space as `+` or `%20`) and JSON-escaped (`\/`).
pub fn redact_bytes(body: &mut Vec<u8>, secrets: &[&str]) {
    redact_bytes_from(body, secrets, MIN_SECRET);
}

/// [`redact_bytes`] for secrets of any length: a person's password may be
/// short, and it is never shown however much else the replacing hides.
pub fn redact_bytes_always(body: &mut Vec<u8>, secrets: &[&str]) {
    redact_bytes_from(body, secrets, 1);
}

fn redact_bytes_from(body: &mut Vec<u8>, secrets: &[&str], min: usize) {
    for secret in secrets.iter().filter(|s| s.len() >= min) {
        for needle in spellings(secret) {
            if memchr::memmem::find(body, needle.as_bytes()).is_some() {
                *body = replace_all(body, needle.as_bytes());
            }
        }
    }
}

fn spellings(secret: &str) -> Vec<String> {
    let form: String = form_urlencoded::byte_serialize(secret.as_bytes()).collect();
    let lower_hex = lowercase_escapes(&form);
    let json = serde_json::to_string(secret).unwrap_or_default();
    let json = json.trim_matches('"');
    // As a server that writes JSON in ASCII escapes what is not: `\u00dc`.
    let escaped = |upper: bool| -> String {
        json.chars()
            .flat_map(|c| {
                if c.is_ascii() {
                    vec![c.to_string()]
                } else {
                    c.encode_utf16(&mut [0; 2])
                        .iter()
                        .map(|u| if upper { format!("\\u{u:04X}") } else { format!("\\u{u:04x}") })
                        .collect()
                }
            })
            .collect()
    };
    let mut all = vec![
        secret.to_owned(),
        form.replace('+', "%20"),
        lower_hex.replace('+', "%20"),
        form,
        lower_hex,
        json.to_owned(),
        json.replace('/', "\\/"),
        escaped(false),
        escaped(true),
    ];
    all.sort();
    all.dedup();
    all
}

/// `%2B` → `%2b`: the same byte, as some servers write it.
fn lowercase_escapes(encoded: &str) -> String {
    let mut out = String::with_capacity(encoded.len());
    let mut hex_left = 0;
    for c in encoded.chars() {
        if c == '%' {
            hex_left = 2;
            out.push(c);
        } else if hex_left > 0 {
            hex_left -= 1;
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// Each secret in the strings of a parsed JSON value. For after
/// [`redact_bytes`] on the body: what is left are secrets written with
/// escapes only JSON has (`\u0061`), decoded now to the plain spelling.
pub fn redact_json(value: &mut serde_json::Value, secrets: &[&str]) {
    redact_json_from(value, secrets, MIN_SECRET);
}

/// [`redact_json`] for secrets of any length (a password).
pub fn redact_json_always(value: &mut serde_json::Value, secrets: &[&str]) {
    redact_json_from(value, secrets, 1);
}

fn redact_json_from(value: &mut serde_json::Value, secrets: &[&str], min: usize) {
    use serde_json::Value;
    match value {
        Value::String(s) => {
            for secret in secrets.iter().filter(|secret| secret.len() >= min) {
                if s.contains(secret) {
                    *s = s.replace(secret, REDACTED);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| redact_json_from(v, secrets, min)),
        Value::Object(map) => map.values_mut().for_each(|v| redact_json_from(v, secrets, min)),
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}

fn replace_all(haystack: &[u8], needle: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(haystack.len());
    let mut rest = haystack;
    while let Some(at) = memchr::memmem::find(rest, needle) {
        out.extend_from_slice(&rest[..at]);
        out.extend_from_slice(REDACTED.as_bytes());
        rest = &rest[at + needle.len()..];
    }
    out.extend_from_slice(rest);
    out
}

/// `https://user:pass@host/path` → `https://user:[redacted]@host/path`, for
/// showing a configured URL. Text that is not a URL is returned as it is.
pub fn mask_userinfo(url: &str) -> String {
    match reqwest::Url::parse(url) {
        Ok(mut u) if u.password().is_some() => {
            let _ = u.set_password(Some(REDACTED));
            u.to_string().replace("%5Bredacted%5D", REDACTED)
        }
        // A user name alone may be a token (`https://TOKEN@host`).
        Ok(mut u) if !u.username().is_empty() => {
            let _ = u.set_username(REDACTED);
            u.to_string().replace("%5Bredacted%5D", REDACTED)
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_is_replaced_however_short_and_however_escaped() {
        let mut body = br#"{"error":"bad password abc12"}"#.to_vec();
        redact_bytes(&mut body, &["abc12"]);
        assert!(String::from_utf8_lossy(&body).contains("abc12"), "secrets under 6 are left by redact_bytes");
        redact_bytes_always(&mut body, &["abc12"]);
        assert_eq!(String::from_utf8_lossy(&body), r#"{"error":"bad password [redacted]"}"#);
        for echoed in [r#""\u00dcn\u00efc\u00f8d\u00e9-pw\u20ac""#, r#""\u00DCn\u00EFc\u00F8d\u00E9-pw\u20AC""#] {
            let mut body = echoed.as_bytes().to_vec();
            redact_bytes_always(&mut body, &["Ünïcødé-pw€"]);
            assert_eq!(String::from_utf8_lossy(&body), "\"[redacted]\"", "{echoed}");
        }
    }

    #[test]
    fn secrets_are_replaced_as_written_and_form_encoded() {
        let secret = "s3cr+t/Key=";
        let mut body = b"client_secret=s3cr%2Bt%2FKey%3D&x=s3cr+t/Key= and tok123456".to_vec();
        redact_bytes(&mut body, &[secret, "tok123456", ""]);
        assert_eq!(String::from_utf8(body).unwrap(), "client_secret=[redacted]&x=[redacted] and [redacted]");
    }

    #[test]
    fn lowercase_hex_spaces_and_json_escapes_are_found_too() {
        let secret = "a+b/c d=e";
        for spelled in ["a%2bb%2fc+d%3de", "a%2Bb%2Fc%20d%3De", "a+b\\/c d=e"] {
            let mut body = format!("x={spelled}&").into_bytes();
            redact_bytes(&mut body, &[secret]);
            assert_eq!(String::from_utf8(body).unwrap(), "x=[redacted]&", "{spelled}");
        }
        let mut v: serde_json::Value = serde_json::from_str(r#"{"m": ["\u0061+b\/c d=e!"]}"#).unwrap();
        redact_json(&mut v, &[secret]);
        assert_eq!(v["m"][0], "[redacted]!");
    }

    #[test]
    fn short_or_absent_secrets_change_nothing() {
        let mut body = b"{\"resultCode\":\"100\"}".to_vec();
        redact_bytes(&mut body, &["100", ""]);
        assert_eq!(body, b"{\"resultCode\":\"100\"}");
    }

    #[test]
    fn url_passwords_are_masked() {
        assert_eq!(mask_userinfo("https://me:hunter22@h.kz/t"), "https://me:[redacted]@h.kz/t");
        assert_eq!(mask_userinfo("https://tok3n@h.kz/t"), "https://[redacted]@h.kz/t");
        assert_eq!(mask_userinfo("https://h.kz/t"), "https://h.kz/t");
        assert_eq!(mask_userinfo("not a url"), "not a url");
    }
}
