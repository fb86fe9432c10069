//! Where in the world a coordinate is, from OpenStreetMap-derived country
//! boundaries (the country-boundaries crate, ODbL, © OpenStreetMap
//! contributors), and which country a name means (the celes crate's ISO
//! 3166-1 names and English aliases, so "Kazakhstan" and "Russia" resolve).

use std::str::FromStr;
use std::sync::OnceLock;

use country_boundaries::{BOUNDARIES_ODBL_180X90, CountryBoundaries, LatLon};

fn boundaries() -> &'static CountryBoundaries {
    static DATA: OnceLock<CountryBoundaries> = OnceLock::new();
    // The data ships inside the crate; failing to read it is a build defect.
    DATA.get_or_init(|| CountryBoundaries::from_reader(BOUNDARIES_ODBL_180X90).expect("bundled boundaries load"))
}

/// The ISO 3166-1 alpha-2 code for a country name: the official name, a
/// common English alias ("Russia", "United States") or a code.
pub fn code_of(name: &str) -> Option<String> {
    // celes matches names written without spaces ("UnitedStates").
    let compact: String = name.split_whitespace().collect();
    celes::Country::from_str(&compact).ok().map(|c| c.alpha2.to_owned())
}

/// The English short name of a country code.
pub fn name_of(code: &str) -> String {
    celes::Country::from_alpha2(code)
        .map(|c| c.long_name.strip_prefix("The ").unwrap_or(c.long_name).to_owned())
        .unwrap_or_else(|_| code.to_owned())
}

/// The country (alpha-2) at a point, if it is on land inside one.
pub fn country_at(latitude: f64, longitude: f64) -> Option<String> {
    let point = LatLon::new(latitude, longitude).ok()?;
    // ids() lists subdivisions first ("US-TX", "US"); the country has no dash.
    boundaries().ids(point).into_iter().find(|id| !id.contains('-')).map(str::to_owned)
}

/// Whether a point lies inside the named country; `None` when the name is
/// not a country this program knows.
pub fn is_inside(latitude: f64, longitude: f64, country_name: &str) -> Option<bool> {
    let code = code_of(country_name)?;
    let point = LatLon::new(latitude, longitude).ok()?;
    Some(boundaries().is_in(point, &code))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_in_several_languages() {
        assert_eq!(code_of("Kazakhstan").as_deref(), Some("KZ"));
        assert_eq!(code_of("Russia").as_deref(), Some("RU"));
        assert_eq!(code_of("United States").as_deref(), Some("US"));
        assert_eq!(code_of("Atlantis"), None);
    }

    #[test]
    fn names_of_codes() {
        assert_eq!(name_of("RU"), "Russian Federation");
        assert_eq!(name_of("KZ"), "Kazakhstan");
    }

    #[test]
    fn points_fall_in_their_countries() {
        assert_eq!(country_at(55.7386, 37.6068).as_deref(), Some("RU"), "Moscow");
        assert_eq!(country_at(43.2567, 76.9286).as_deref(), Some("KZ"), "Almaty");
        assert_eq!(country_at(52.52, 13.405).as_deref(), Some("DE"), "Berlin");
        assert_eq!(country_at(35.0, -45.0), None, "mid-Atlantic");
        assert_eq!(is_inside(55.7386, 37.6068, "Kazakhstan"), Some(false));
        assert_eq!(is_inside(51.1282, 71.4304, "Kazakhstan"), Some(true), "Astana");
        assert_eq!(is_inside(1.0, 1.0, "Atlantis"), None);
    }
}
