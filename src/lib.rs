//! epay-status: a terminal dashboard and CLI for Halyk Bank ePay payment status.
//!
//! Dependencies point one way: `tui` and `cli` use `epay`, `config` and
//! `sheet`; `epay` knows nothing of terminals; `sandbox` shares only the wire
//! shapes with `epay`.

pub mod backoff;
pub mod case;
pub mod checker;
pub mod cli;
pub mod config;
pub mod epay;
pub mod export;
pub mod files;
pub mod i18n;
pub mod intake;
pub mod logging;
pub mod reasons;
pub mod redact;
pub mod report;
pub mod risk;
pub mod sandbox;
pub mod session;
pub mod sheet;
pub mod signals;
pub mod store;
pub mod sync;
pub mod text;
pub mod tls;
pub mod tui;
pub mod zone;
