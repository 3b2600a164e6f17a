//! Usernames Roster makes when a spreadsheet has none: from the email address by default, or
//! from the names in the pattern the organization already follows (first initial + last name,
//! first.last, ...). They show in the preview as a Username column marked "made by Roster",
//! editable like any cell.

use jumpcloud::models::SystemUser;

/// How a username is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UsernamePattern {
    /// The part of the email address before the @: `jane.doe@example.com` → `jane.doe`.
    EmailLocal,
    /// First and last name with a dot: `jane.doe`.
    FirstDotLast,
    /// First initial and last name: `jdoe`.
    FirstInitialLast,
    /// First and last name run together: `janedoe`.
    FirstLast,
}

impl UsernamePattern {
    pub const ALL: [UsernamePattern; 4] = [
        UsernamePattern::EmailLocal,
        UsernamePattern::FirstDotLast,
        UsernamePattern::FirstInitialLast,
        UsernamePattern::FirstLast,
    ];

    /// A stable name: `email`, `first.last`, `flast`, `firstlast`.
    pub fn key(&self) -> &'static str {
        match self {
            UsernamePattern::EmailLocal => "email",
            UsernamePattern::FirstDotLast => "first.last",
            UsernamePattern::FirstInitialLast => "flast",
            UsernamePattern::FirstLast => "firstlast",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.key() == key)
    }

    /// In plain words, with Jane Doe as the example.
    pub fn label(&self) -> &'static str {
        match self {
            UsernamePattern::EmailLocal => {
                "the part of the email address before the @ (jane.doe@example.com → jane.doe)"
            }
            UsernamePattern::FirstDotLast => "first name, a dot, last name (jane.doe)",
            UsernamePattern::FirstInitialLast => "first initial and last name (jdoe)",
            UsernamePattern::FirstLast => "first and last name together (janedoe)",
        }
    }

    /// The username for a person, if the parts it needs are there.
    pub fn make(&self, email: &str, first: &str, last: &str) -> Option<String> {
        let (first, last) = (fold(first), fold(last));
        let made = match self {
            UsernamePattern::EmailLocal => email
                .split('@')
                .next()
                .map(|local| local.trim().to_lowercase())
                .unwrap_or_default(),
            UsernamePattern::FirstDotLast if !first.is_empty() && !last.is_empty() => {
                format!("{first}.{last}")
            }
            UsernamePattern::FirstInitialLast if !first.is_empty() && !last.is_empty() => {
                format!("{}{last}", &first[..1])
            }
            UsernamePattern::FirstLast if !first.is_empty() && !last.is_empty() => {
                format!("{first}{last}")
            }
            _ => String::new(),
        };
        (!made.is_empty()).then_some(made)
    }
}

/// Lower case, accents taken off the common Latin letters, and only letters, digits, `-`
/// and `_` kept (so "Tomás Ibarra-Ruiz" gives "tomas" and "ibarra-ruiz").
pub fn fold(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.trim().to_lowercase().chars() {
        let plain = match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ą' => "a",
            'æ' => "ae",
            'ç' | 'ć' | 'č' => "c",
            'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' | 'ě' => "e",
            'ì' | 'í' | 'î' | 'ï' | 'ī' => "i",
            'ł' => "l",
            'ñ' | 'ń' | 'ň' => "n",
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => "o",
            'œ' => "oe",
            'ř' => "r",
            'ś' | 'š' | 'ş' => "s",
            'ß' => "ss",
            'ť' | 'ţ' => "t",
            'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => "u",
            'ý' | 'ÿ' => "y",
            'ź' | 'ż' | 'ž' => "z",
            c if c.is_ascii_alphanumeric() || c == '-' || c == '_' => {
                out.push(c);
                continue;
            }
            _ => continue,
        };
        out.push_str(plain);
    }
    out
}

/// The pattern most of the organization's usernames follow, when one clearly does: how
/// many people with a first and last name follow it, of how many.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OrgPattern {
    pub pattern: UsernamePattern,
    pub matching: usize,
    pub of: usize,
}

/// At least this many people with names must be there to speak of a pattern.
const MIN_PEOPLE: usize = 5;

/// The pattern at least 60% of the organization's named people follow, if any.
pub fn org_pattern(users: &[SystemUser]) -> Option<OrgPattern> {
    let named: Vec<&SystemUser> = users
        .iter()
        .filter(|u| !fold(&u.firstname).is_empty() && !fold(&u.lastname).is_empty())
        .collect();
    if named.len() < MIN_PEOPLE {
        return None;
    }
    UsernamePattern::ALL
        .into_iter()
        .map(|pattern| {
            let matching = named
                .iter()
                .filter(|u| {
                    pattern
                        .make(&u.email, &u.firstname, &u.lastname)
                        .is_some_and(|made| made == u.username.to_lowercase())
                })
                .count();
            OrgPattern {
                pattern,
                matching,
                of: named.len(),
            }
        })
        .filter(|p| p.matching * 10 >= p.of * 6)
        .max_by_key(|p| p.matching)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(username: &str, first: &str, last: &str) -> SystemUser {
        SystemUser {
            username: username.into(),
            firstname: first.into(),
            lastname: last.into(),
            email: format!(
                "{}.{}@example.com",
                first.to_lowercase(),
                last.to_lowercase()
            ),
            ..SystemUser::default()
        }
    }

    #[test]
    fn each_pattern_makes_its_username_and_needs_its_parts() {
        let make = |p: UsernamePattern| p.make("Jane.Doe@example.com", "Jane", "Doe");
        assert_eq!(
            make(UsernamePattern::EmailLocal).as_deref(),
            Some("jane.doe")
        );
        assert_eq!(
            make(UsernamePattern::FirstDotLast).as_deref(),
            Some("jane.doe")
        );
        assert_eq!(
            make(UsernamePattern::FirstInitialLast).as_deref(),
            Some("jdoe")
        );
        assert_eq!(make(UsernamePattern::FirstLast).as_deref(), Some("janedoe"));
        assert_eq!(
            UsernamePattern::FirstInitialLast
                .make("t@x.com", "Tomás", "Ibarra Ruiz")
                .as_deref(),
            Some("tibarraruiz")
        );
        assert_eq!(
            UsernamePattern::FirstInitialLast.make("x@y.com", "", "Doe"),
            None
        );
        assert_eq!(UsernamePattern::EmailLocal.make("", "Jane", "Doe"), None);
        for p in UsernamePattern::ALL {
            assert_eq!(UsernamePattern::from_key(p.key()), Some(p));
        }
    }

    #[test]
    fn the_organizations_pattern_is_found_only_when_most_follow_it() {
        let flast: Vec<SystemUser> = [
            ("Ada", "Lovelace"),
            ("Grace", "Hopper"),
            ("Alan", "Turing"),
            ("Edsger", "Dijkstra"),
            ("Barbara", "Liskov"),
        ]
        .iter()
        .map(|(f, l)| {
            user(
                &format!("{}{}", &f[..1].to_lowercase(), l.to_lowercase()),
                f,
                l,
            )
        })
        .collect();
        let found = org_pattern(&flast).expect("a pattern");
        assert_eq!(
            (found.pattern, found.matching, found.of),
            (UsernamePattern::FirstInitialLast, 5, 5)
        );
        let mut mixed = flast.clone();
        mixed.extend((0..5).map(|i| user(&format!("someone{i}"), "Some", &format!("One{i}"))));
        assert_eq!(org_pattern(&mixed), None, "half is not most");
        assert_eq!(org_pattern(&flast[..4]), None, "too few to tell");
    }
}
