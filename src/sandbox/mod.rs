//! An emulator of the ePay token, check-status and statement endpoints, so the program
//! and its tests run with no network. Shares only the wire shapes with `epay`.

pub mod faults;
mod fixtures;
mod server;
mod statement;

pub use faults::{Fault, FaultKind, Target, TokenFault};
pub use fixtures::Client;
pub use server::{Sandbox, SandboxOptions};
pub use statement::StatementFault;
