use serde::{Deserialize, Serialize};

/// The kinds of directory a user can be bound to, as V2 names them.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DirectoryKind {
    GSuite,
    #[serde(rename = "office_365")]
    Office365,
    LdapServer,
    ActiveDirectory,
    /// A kind this version of Roster does not know.
    #[serde(other)]
    Other,
}

impl DirectoryKind {
    /// The association `type` for binding to this kind of directory.
    pub fn association_type(&self) -> Option<&'static str> {
        match self {
            DirectoryKind::GSuite => Some("g_suite"),
            DirectoryKind::Office365 => Some("office_365"),
            DirectoryKind::LdapServer => Some("ldap_server"),
            DirectoryKind::ActiveDirectory => Some("active_directory"),
            DirectoryKind::Other => None,
        }
    }

    pub fn label(&self) -> &'static str {
        match self {
            DirectoryKind::GSuite => "Google Workspace",
            DirectoryKind::Office365 => "Microsoft 365",
            DirectoryKind::LdapServer => "JumpCloud LDAP",
            DirectoryKind::ActiveDirectory => "Active Directory",
            DirectoryKind::Other => "Directory",
        }
    }
}

/// An entry of GET /api/v2/directories.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Directory {
    pub id: String,
    #[serde(default)]
    pub name: String,
    #[serde(rename = "type")]
    pub kind: DirectoryKind,
}

/// An object reached by a graph traversal (e.g. /users/{id}/directories).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct GraphObject {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: String,
    /// How the object is reached: each path is the associations and memberships that would
    /// have to be removed to remove it (a traversal's answer; empty elsewhere).
    #[serde(default)]
    pub paths: Vec<Vec<GraphConnection>>,
}

impl GraphObject {
    /// Whether one way to reach the object is a direct association with the start.
    pub fn is_direct(&self) -> bool {
        self.paths.is_empty() || self.paths.iter().any(|p| p.len() == 1)
    }

    /// The groups through which the object is reached (the first hop of longer paths).
    pub fn via_groups(&self) -> Vec<String> {
        let mut ids: Vec<String> = self
            .paths
            .iter()
            .filter(|p| p.len() > 1)
            .filter_map(|p| p.first())
            .filter(|c| c.to.kind == "user_group")
            .map(|c| c.to.id.clone())
            .collect();
        ids.dedup();
        ids
    }
}

/// An association as listed by `GET …/associations`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct GraphConnection {
    pub to: GraphTarget,
}

/// The end of one association.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct GraphTarget {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directory_kinds_decode_including_unknown() {
        let list: Vec<Directory> = serde_json::from_str(
            r#"[{"id":"a","name":"Google Workspace","type":"g_suite"},
                {"id":"b","name":"Microsoft 365","type":"office_365"},
                {"id":"c","name":"Okta","type":"okta_something"}]"#,
        )
        .expect("decodes");
        assert_eq!(list[0].kind, DirectoryKind::GSuite);
        assert_eq!(list[1].kind.association_type(), Some("office_365"));
        assert_eq!(list[2].kind, DirectoryKind::Other);
    }
}
