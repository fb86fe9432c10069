//! The dashboard.

use crate::cli::Exit;
use crate::config::Settings;

pub async fn run(_settings: Settings) -> Exit {
    eprintln!("the dashboard is not built yet: use `epay-status lookup`");
    Exit::Usage
}
