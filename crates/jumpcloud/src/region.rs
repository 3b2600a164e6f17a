//! Where an organization's API lives.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use url::Url;

/// JumpCloud's data-centre regions. Each has its own console host; a key
/// issued in one region is refused by the others.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Region {
    Us,
    Eu,
    In,
}

impl Region {
    pub const ALL: [Region; 3] = [Region::Us, Region::Eu, Region::In];

    /// The console host that serves `/api` (V1) and `/api/v2` (V2).
    pub fn base_url(self) -> Url {
        let host = match self {
            Region::Us => "https://console.jumpcloud.com",
            Region::Eu => "https://console.eu.jumpcloud.com",
            Region::In => "https://console.in.jumpcloud.com",
        };
        // The literals above are valid URLs; parsing cannot fail.
        Url::parse(host).unwrap_or_else(|_| unreachable!("static region URL"))
    }

    /// A name an office admin recognises.
    pub fn label(self) -> &'static str {
        match self {
            Region::Us => "United States",
            Region::Eu => "European Union",
            Region::In => "India",
        }
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

impl FromStr for Region {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "us" => Ok(Region::Us),
            "eu" => Ok(Region::Eu),
            "in" => Ok(Region::In),
            other => Err(format!("unknown region {other:?}: use us, eu or in")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_region_has_its_console_host() {
        assert_eq!(
            Region::Us.base_url().as_str(),
            "https://console.jumpcloud.com/"
        );
        assert_eq!(
            Region::Eu.base_url().as_str(),
            "https://console.eu.jumpcloud.com/"
        );
        assert_eq!(
            Region::In.base_url().as_str(),
            "https://console.in.jumpcloud.com/"
        );
    }

    #[test]
    fn parses_case_insensitively_and_rejects_others() {
        assert_eq!("EU".parse::<Region>(), Ok(Region::Eu));
        assert!("mars".parse::<Region>().is_err());
    }
}
