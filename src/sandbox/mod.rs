//! An emulator of the ePay token and check-status endpoints, so the program
//! and its tests run with no network. Shares only the wire shapes with `epay`.

pub mod faults;
mod fixtures;
mod server;

pub use faults::{Fault, FaultKind, Target, TokenFault};
pub use fixtures::Client;
pub use server::{Sandbox, SandboxOptions};
