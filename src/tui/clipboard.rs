//! The clipboard through OSC 52: the terminal (local, or at the far end of
//! SSH) puts the text on the operator's clipboard.

use crossterm::Command as _;
use crossterm::clipboard::CopyToClipboard;

/// The escape sequence that copies `text` (already cleaned).
pub fn osc52(text: &str) -> String {
    let mut out = String::new();
    // Writing into a String cannot fail.
    let _ = CopyToClipboard::to_clipboard_from(text.as_bytes()).write_ansi(&mut out);
    out
}
