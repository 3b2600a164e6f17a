//! A value that must never be printed, logged or serialized.

use std::fmt;

/// Holds a secret (an API key, a client secret). `Debug` and `Display`
/// print `<redacted>`, it implements neither `Serialize` nor `Clone`-into-string
/// helpers, and the only way to read it is [`Secret::expose`], so every place
/// that touches the raw value is easy to find.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The raw value. Call only where it leaves the process for its owner
    /// (an HTTP header, the OS keychain).
    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.trim().is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_display_never_show_the_value() {
        let s = Secret::new("jc_live_0123456789abcdef");
        assert_eq!(format!("{s:?}"), "Secret(<redacted>)");
        assert_eq!(format!("{s}"), "<redacted>");
        assert!(!format!("{s:?}{s}").contains("0123456789"));
        assert_eq!(s.expose(), "jc_live_0123456789abcdef");
    }

    #[test]
    fn blank_is_empty() {
        assert!(Secret::new("  ").is_empty());
        assert!(!Secret::new("k").is_empty());
    }
}
