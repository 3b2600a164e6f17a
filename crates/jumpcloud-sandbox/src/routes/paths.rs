//! Route words match without regard to case, as on JumpCloud: its own PowerShell module sends
//! `PUT /api/Systemusers/{id}` (`Set-JCUser`) and `GET /api/Systemusers/{id}` (`Get-JCUser`).
//! Only the fixed words are folded; ids and other parameters are left as sent.

use axum::http::uri::{PathAndQuery, Uri};

/// The fixed segments of the route table, in lower case.
const ROUTE_WORDS: &[&str] = &[
    "activate",
    "activedirectories",
    "api",
    "associations",
    "bulk",
    "directories",
    "groups",
    "gsuites",
    "import",
    "jumpcloudusers",
    "ldapservers",
    "memberof",
    "members",
    "office365s",
    "organizations",
    "results",
    "search",
    "state",
    "suspend",
    "systemusers",
    "usergroups",
    "users",
    "userstates",
    "v2",
];

/// `uri` with its route words in lower case, or `None` when nothing needs changing.
pub fn canonical_uri(uri: &Uri) -> Option<Uri> {
    let path = uri.path();
    if !path.bytes().any(|b| b.is_ascii_uppercase()) {
        return None;
    }
    let mut changed = false;
    let segments: Vec<String> = path
        .split('/')
        .map(|seg| {
            let lower = seg.to_ascii_lowercase();
            if lower != seg && ROUTE_WORDS.contains(&lower.as_str()) {
                changed = true;
                lower
            } else {
                seg.to_string()
            }
        })
        .collect();
    if !changed {
        return None;
    }
    let mut pq = segments.join("/");
    if let Some(q) = uri.query() {
        pq.push('?');
        pq.push_str(q);
    }
    let mut parts = uri.clone().into_parts();
    parts.path_and_query = Some(PathAndQuery::try_from(pq).ok()?);
    Uri::from_parts(parts).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canon(s: &str) -> Option<String> {
        canonical_uri(&s.parse::<Uri>().ok()?).map(|u| u.to_string())
    }

    #[test]
    fn folds_route_words_only() {
        assert_eq!(
            canon("/api/Systemusers/5F0A?limit=1000&skip=0").as_deref(),
            Some("/api/systemusers/5F0A?limit=1000&skip=0")
        );
        assert_eq!(
            canon("/API/V2/UserGroups/abc/Members").as_deref(),
            Some("/api/v2/usergroups/abc/members")
        );
        assert_eq!(canon("/api/systemusers/abc"), None);
        assert_eq!(canon("/api/systemusers/ABC"), None);
        assert_eq!(canon("/oauth2/Token"), None);
    }
}
