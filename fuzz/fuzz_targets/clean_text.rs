//! Any UTF-8 through the cleaning function: no control character, escape
//! or bidi override survives, and cleaning twice changes nothing.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let once = epay_status::text::clean(text);
    assert!(!once.chars().any(|c| c.is_control() || ('\u{202a}'..='\u{202e}').contains(&c)));
    assert_eq!(epay_status::text::clean(&once), once);
});
