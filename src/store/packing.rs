//! How a raw answer is kept on disk: zstd with a dictionary of ePay's own
//! field names, so the ~1 KB of JSON an answer is shrinks to a few hundred
//! bytes (plain zstd gains little on one small document: it has nothing to
//! refer back to). The first byte names the dictionary, so a later one can
//! be added without touching stored rows.

use std::cell::RefCell;

/// Dictionary 1: a payment answer, a p2p answer and a refusal with neutral
/// values. A released dictionary never changes: the rows packed with it
/// need it byte for byte (a test pins its digest).
const DICTIONARY_1: &[u8] = include_bytes!("../../assets/store/answers-1.zdict");
const FORMAT_1: u8 = 1;
/// Level 3 is zstd's default: level 9 saves 5% more for three times the time.
const LEVEL: i32 = 3;
/// Answers are read with a 1 MiB cap; nothing larger was ever stored.
const MAX_ANSWER: usize = 1024 * 1024;

thread_local! {
    // Loading the dictionary costs more than packing one answer: once per thread.
    static PACKER: RefCell<Option<zstd::bulk::Compressor<'static>>> = const { RefCell::new(None) };
    static UNPACKER: RefCell<Option<zstd::bulk::Decompressor<'static>>> = const { RefCell::new(None) };
}

/// The answer's JSON text, packed.
pub fn pack(raw: &str) -> std::io::Result<Vec<u8>> {
    PACKER.with(|cell| {
        let mut cell = cell.borrow_mut();
        let packer = match cell.as_mut() {
            Some(p) => p,
            None => cell.insert(zstd::bulk::Compressor::with_dictionary(LEVEL, DICTIONARY_1)?),
        };
        let mut out = vec![FORMAT_1];
        out.extend(packer.compress(raw.as_bytes())?);
        Ok(out)
    })
}

/// The JSON text of a packed answer.
pub fn unpack(packed: &[u8]) -> Result<String, String> {
    let Some((&FORMAT_1, body)) = packed.split_first() else {
        return Err(format!("stored in an unknown format ({:?}): written by a newer epay-status?", packed.first()));
    };
    let bytes = UNPACKER.with(|cell| {
        let mut cell = cell.borrow_mut();
        let unpacker = match cell.as_mut() {
            Some(u) => u,
            None => cell.insert(zstd::bulk::Decompressor::with_dictionary(DICTIONARY_1).map_err(|e| e.to_string())?),
        };
        unpacker.decompress(body, MAX_ANSWER).map_err(|e| format!("cannot unpack the stored answer: {e}"))
    })?;
    String::from_utf8(bytes).map_err(|e| format!("the stored answer is not text: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_comes_back_byte_for_byte_and_smaller() {
        let raw = r#"{"resultCode":"100","resultMessage":"SUCCESS","transaction":{"invoiceID":"205218074","amount":12.22,"currency":"KZT","cardMask":"400303...9821","cardType":"VISA","issuer":"Казкоммерцбанк","name":"Айгерім","ipCity":"Алматы","statusName":"REFUND","secure":false,"reasonCode":"00"}}"#;
        let packed = pack(raw).unwrap();
        assert_eq!(unpack(&packed).unwrap(), raw);
        assert!(packed.len() < raw.len() / 2, "{} of {}", packed.len(), raw.len());
        assert_eq!(unpack(&pack("").unwrap()).unwrap(), "");
    }

    #[test]
    fn an_unknown_format_is_named_not_guessed() {
        assert!(unpack(&[9, 1, 2]).unwrap_err().contains("unknown format"));
        assert!(unpack(&[]).unwrap_err().contains("unknown format"));
        assert!(unpack(&[FORMAT_1, 1, 2, 3]).unwrap_err().contains("cannot unpack"));
    }

    #[test]
    fn the_released_dictionary_never_changes() {
        // FNV-1a over the file: stored rows need these exact bytes.
        let digest = DICTIONARY_1
            .iter()
            .fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3));
        assert_eq!((DICTIONARY_1.len(), digest), (1749, DIGEST_1));
    }

    const DIGEST_1: u64 = 15_755_765_468_627_507_574;
}
