//! Who is checking: recorded with every lookup and shown with it, the same
//! for the dashboard, `lookup` and `report`.

/// The operator, the machine, and the profile and API host a lookup went
/// through: a team's history says who checked what, from where.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Checker {
    pub profile: String,
    /// Host (and port) of the API.
    pub api_host: String,
    /// Who checked (`operator` in the config, EPAY_STATUS_OPERATOR, or the
    /// login name); empty for lookups recorded before it was kept.
    pub operator: String,
    /// The machine's host name; empty where unknown.
    pub machine: String,
}

impl Checker {
    /// "alice on laptop-7", or what of it is known, in `lang`.
    pub fn who(&self, lang: crate::i18n::Language) -> Option<String> {
        use crate::i18n;
        let machine = || ("machine", self.machine.clone().into());
        match (self.operator.as_str(), self.machine.as_str()) {
            ("", "") => None,
            (op, "") => Some(op.to_owned()),
            ("", _) => Some(i18n::text(lang, "checker-machine", &[machine()])),
            (op, _) => {
                Some(i18n::text(lang, "checker-operator-machine", &[("operator", op.to_owned().into()), machine()]))
            }
        }
    }
}

/// The login name, for an operator the config does not name.
pub fn login_name() -> String {
    whoami::username().map(|name| crate::text::clean(&name)).unwrap_or_default()
}

/// This machine's host name, or nothing when the system will not say.
pub fn machine_name() -> String {
    whoami::hostname().map(|h| crate::text::clean(&h)).unwrap_or_default()
}
