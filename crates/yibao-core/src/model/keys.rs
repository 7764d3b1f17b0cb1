//! Typed names of the things a scenario and the app point at: a [`Province`], a [`Unit`] (the
//! nation or a province) and a [`LeverKey`] (a lever, nationally or for one province).
//!
//! Their text forms are part of the file formats and the CLI and stay exactly as they were:
//! a province is its two-letter code (`GD`), the nation is `CN`, a lever key is `id` or
//! `id@CODE` (`resident.premium@GD`). [`std::str::FromStr`] reads them, [`std::fmt::Display`]
//! writes them, so that the text is built and split here only.

use super::levers::Lever;
use std::fmt;
use std::str::FromStr;

/// The 31 province codes of the data set, in GB/T 2260 order (the data's row order; a test
/// checks the embedded data against this list).
pub const PROVINCE_CODES: [&str; 31] = [
    "BJ", "TJ", "HE", "SX", "NM", "LN", "JL", "HL", "SH", "JS", "ZJ", "AH", "FJ", "JX", "SD", "HA",
    "HB", "HN", "GD", "GX", "HI", "CQ", "SC", "GZ", "YN", "XZ", "SN", "GS", "QH", "NX", "XJ",
];

/// The unit code of the nation in outputs, the CLI and the preferences.
pub const NATION_CODE: &str = "CN";

/// One of the 31 provinces (its position in [`PROVINCE_CODES`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Province(u8);

impl Province {
    /// The province with this code (exact, upper case), if any.
    pub fn from_code(code: &str) -> Option<Province> {
        PROVINCE_CODES
            .iter()
            .position(|c| *c == code)
            .and_then(|i| u8::try_from(i).ok())
            .map(Province)
    }

    /// Its two-letter code.
    pub fn code(self) -> &'static str {
        PROVINCE_CODES[usize::from(self.0)]
    }

    /// Its position in [`PROVINCE_CODES`] (and in the data's province rows).
    pub fn index(self) -> usize {
        usize::from(self.0)
    }

    /// All 31 in code-list order.
    pub fn all() -> impl Iterator<Item = Province> {
        (0..PROVINCE_CODES.len()).filter_map(|i| u8::try_from(i).ok().map(Province))
    }
}

impl fmt::Display for Province {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Why a text is not a [`Province`], [`Unit`] or [`LeverKey`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KeyError {
    /// No lever has this id.
    UnknownLever(String),
    /// No province has this code.
    UnknownProvince(String),
}

impl fmt::Display for KeyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeyError::UnknownLever(id) => write!(f, "unknown lever \"{id}\""),
            KeyError::UnknownProvince(code) => write!(f, "unknown province code \"{code}\""),
        }
    }
}

impl std::error::Error for KeyError {}

impl FromStr for Province {
    type Err = KeyError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Province::from_code(s).ok_or_else(|| KeyError::UnknownProvince(s.to_owned()))
    }
}

/// What a figure is about: the nation (the sum of the provinces) or one province.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Unit {
    /// The nation, `CN`.
    #[default]
    Nation,
    /// One province.
    Province(Province),
}

impl Unit {
    /// The unit with this code (`CN` or a province code), if any.
    pub fn from_code(code: &str) -> Option<Unit> {
        if code == NATION_CODE {
            Some(Unit::Nation)
        } else {
            Province::from_code(code).map(Unit::Province)
        }
    }

    /// Its code as outputs write it: `CN` or the province code.
    pub fn code(self) -> &'static str {
        match self {
            Unit::Nation => NATION_CODE,
            Unit::Province(p) => p.code(),
        }
    }

    /// The province, if the unit is one.
    pub fn province(self) -> Option<Province> {
        match self {
            Unit::Nation => None,
            Unit::Province(p) => Some(p),
        }
    }

    /// Whether this is the nation.
    pub fn is_nation(self) -> bool {
        self == Unit::Nation
    }
}

impl From<Province> for Unit {
    fn from(p: Province) -> Self {
        Unit::Province(p)
    }
}

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Unit {
    type Err = KeyError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Unit::from_code(s).ok_or_else(|| KeyError::UnknownProvince(s.to_owned()))
    }
}

/// Stored as its code (`"CN"`, `"GD"`), as the preferences have always stored it; a code this
/// build does not know reads as the nation, so that old or edited preferences keep loading.
impl serde::Serialize for Unit {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

impl<'de> serde::Deserialize<'de> for Unit {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let code = <String as serde::Deserialize>::deserialize(d)?;
        Ok(Unit::from_code(&code).unwrap_or_default())
    }
}

/// A lever as a scenario sets it: for the whole nation (`id`) or one province (`id@CODE`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LeverKey {
    /// The lever.
    pub lever: Lever,
    /// The province of an override; `None` for the national path.
    pub province: Option<Province>,
}

impl LeverKey {
    /// The national path of a lever.
    pub fn national(lever: Lever) -> Self {
        LeverKey {
            lever,
            province: None,
        }
    }

    /// The path of a lever for `province` (`None`: the national path).
    pub fn new(lever: Lever, province: Option<Province>) -> Self {
        LeverKey { lever, province }
    }

    /// The key as files write it; the same as `to_string()`.
    pub fn text(self) -> String {
        self.to_string()
    }
}

impl From<Lever> for LeverKey {
    fn from(lever: Lever) -> Self {
        LeverKey::national(lever)
    }
}

impl fmt::Display for LeverKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.lever.def().id)?;
        if let Some(p) = self.province {
            write!(f, "@{p}")?;
        }
        Ok(())
    }
}

impl FromStr for LeverKey {
    type Err = KeyError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (id, code) = split_key(s);
        let lever = Lever::from_id(id).ok_or_else(|| KeyError::UnknownLever(id.to_owned()))?;
        let province = code.map(str::parse::<Province>).transpose()?;
        Ok(LeverKey { lever, province })
    }
}

/// A key's text split into its lever id and optional province code, both unchecked (for
/// diagnostics about keys that do not parse).
pub fn split_key(key: &str) -> (&str, Option<&str>) {
    match key.split_once('@') {
        Some((id, code)) => (id, Some(code)),
        None => (key, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::LEVERS;

    #[test]
    fn every_lever_key_round_trips_through_its_text() {
        for def in LEVERS {
            let national = LeverKey::national(def.lever);
            assert_eq!(national.to_string(), def.id);
            assert_eq!(def.id.parse::<LeverKey>(), Ok(national));
            for p in Province::all() {
                let key = LeverKey::new(def.lever, Some(p));
                let text = format!("{}@{}", def.id, p.code());
                assert_eq!(key.to_string(), text);
                assert_eq!(text.parse::<LeverKey>(), Ok(key));
            }
        }
    }

    #[test]
    fn bad_keys_name_what_is_wrong() {
        assert_eq!(
            "resident.premum".parse::<LeverKey>(),
            Err(KeyError::UnknownLever("resident.premum".into()))
        );
        assert_eq!(
            "resident.premium@gd".parse::<LeverKey>(),
            Err(KeyError::UnknownProvince("gd".into()))
        );
        assert_eq!(
            "resident.premium@".parse::<LeverKey>(),
            Err(KeyError::UnknownProvince(String::new()))
        );
        assert_eq!(split_key("a@b@c"), ("a", Some("b@c")));
    }

    #[test]
    fn units_read_and_write_their_codes() {
        assert_eq!("CN".parse::<Unit>(), Ok(Unit::Nation));
        let gd = Unit::from_code("GD").map(Unit::province);
        assert_eq!(gd.flatten().map(Province::code), Some("GD"));
        assert_eq!(Unit::Nation.to_string(), NATION_CODE);
        for p in Province::all() {
            assert_eq!(Unit::from(p).code().parse::<Unit>(), Ok(Unit::Province(p)));
            assert_eq!(PROVINCE_CODES[p.index()], p.code());
        }
        assert_eq!(Province::all().count(), PROVINCE_CODES.len());
        assert!("XX".parse::<Unit>().is_err());
    }

    #[test]
    fn units_serialize_as_codes_and_unknown_codes_read_as_the_nation() {
        let gd = Unit::from_code("GD").unwrap_or_default();
        assert_eq!(ron::to_string(&gd).ok().as_deref(), Some("\"GD\""));
        assert_eq!(ron::from_str::<Unit>("\"GD\""), Ok(gd));
        assert_eq!(ron::from_str::<Unit>("\"ZZ\""), Ok(Unit::Nation));
    }
}
