//! Keeping secrets out of what the program shows, logs and stores: the
//! client secret and tokens echoed back by a server, and passwords written
//! into URLs.

/// What stands where a secret was.
pub const REDACTED: &str = "[redacted]";

/// Secrets shorter than this are not searched for: replacing every "1" in
/// a body would hide the answer and protect nothing.
const MIN_SECRET: usize = 6;

/// Replaces each secret in `body`, as written and form-encoded (the way a
/// server echoing a token request would write it back), with [`REDACTED`].
pub fn redact_bytes(body: &mut Vec<u8>, secrets: &[&str]) {
    for secret in secrets.iter().filter(|s| s.len() >= MIN_SECRET) {
        let encoded: String = form_urlencoded::byte_serialize(secret.as_bytes()).collect();
        for needle in [secret.as_bytes(), encoded.as_bytes()] {
            if memchr::memmem::find(body, needle).is_some() {
                *body = replace_all(body, needle);
            }
        }
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
    fn secrets_are_replaced_as_written_and_form_encoded() {
        let secret = "s3cr+t/Key=";
        let mut body = b"client_secret=s3cr%2Bt%2FKey%3D&x=s3cr+t/Key= and tok123456".to_vec();
        redact_bytes(&mut body, &[secret, "tok123456", ""]);
        assert_eq!(String::from_utf8(body).unwrap(), "client_secret=[redacted]&x=[redacted] and [redacted]");
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
