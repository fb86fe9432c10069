//! Who is checking: recorded with every lookup and shown with it, the same
//! for the dashboard, `lookup` and `report`.

/// The profile and API host a lookup went through. (The operator joins
/// them when the history is shared.)
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Checker {
    pub profile: String,
    /// Host (and port) of the API.
    pub api_host: String,
}
