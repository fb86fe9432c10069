//! `epay-status team init`: the team history set up by the database's
//! owner, once and after each upgrade (see `store::init_team`).

use super::Exit;
use crate::i18n::{self, Language};
use crate::store::{TeamEnvironment, TeamUrl};

pub async fn init(admin_url: &str, role: &str, lang: Language) -> Exit {
    let home = std::env::var_os("HOME").map(std::path::PathBuf::from);
    let var = |k: &str| std::env::var(k).ok();
    let admin = match TeamUrl::parse(admin_url, &TeamEnvironment { var: &var, home }) {
        Ok(url) => url,
        Err(e) => {
            super::error(lang, i18n::text(lang, "team-init-bad-url", &[("error", e.to_string().into())]));
            return Exit::Usage;
        }
    };
    match crate::store::init_team(&admin, role).await {
        Ok(found) => {
            let args = [
                ("location", admin.location().into()),
                ("role", crate::text::clean(role).into()),
                ("found", found.into()),
                ("version", crate::store::TEAM_SCHEMA_VERSION.into()),
            ];
            println!("{}", i18n::text(lang, "team-init-done", &args));
            Exit::Ok
        }
        Err(e) if e.is_unreachable() => {
            super::error(lang, e);
            Exit::Local
        }
        Err(e) => {
            super::error(lang, e);
            Exit::Usage
        }
    }
}
