//! What the organization holds before an import: its users, directories and groups, indexed
//! the way the plan looks them up.

use std::collections::HashMap;

use jumpcloud::models::{Directory, SystemUser, UserGroup};
use jumpcloud::{Client, Error};

/// The organization's users, directories and groups at one moment.
///
/// Usernames and emails are compared case-insensitively (JumpCloud treats them so), employee
/// ids exactly, directory and group names case-insensitively.
#[derive(Debug, Clone, Default)]
pub struct OrgSnapshot {
    users: Vec<SystemUser>,
    by_username: HashMap<String, usize>,
    by_email: HashMap<String, usize>,
    by_employee_id: HashMap<String, usize>,
    by_id: HashMap<String, usize>,
    directories: HashMap<String, Vec<Directory>>,
    groups: HashMap<String, Vec<UserGroup>>,
}

/// A name looked up among the org's directories or groups.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lookup<'a, T> {
    Found(&'a T),
    Missing,
    /// Several have this name (compared case-insensitively).
    Ambiguous(usize),
}

impl OrgSnapshot {
    /// Reads users, directories and groups concurrently.
    pub async fn fetch(client: &Client) -> Result<Self, Error> {
        let (users, directories, groups) = tokio::try_join!(
            client.list_all_users(),
            client.list_directories(),
            client.list_user_groups()
        )?;
        Ok(Self::from_parts(users, directories, groups))
    }

    /// Builds the indexes from lists already fetched. The first of equal keys wins.
    pub fn from_parts(
        users: Vec<SystemUser>,
        directories: Vec<Directory>,
        groups: Vec<UserGroup>,
    ) -> Self {
        let mut snapshot = Self::default();
        for user in users {
            snapshot.add_user(user);
        }
        for directory in directories {
            snapshot
                .directories
                .entry(fold(&directory.name))
                .or_default()
                .push(directory);
        }
        for group in groups {
            snapshot
                .groups
                .entry(fold(&group.name))
                .or_default()
                .push(group);
        }
        snapshot
    }

    fn add_user(&mut self, user: SystemUser) {
        let index = self.users.len();
        if !user.username.is_empty() {
            self.by_username
                .entry(fold(&user.username))
                .or_insert(index);
        }
        if !user.email.is_empty() {
            self.by_email.entry(fold(&user.email)).or_insert(index);
        }
        if !user.employee_identifier.is_empty() {
            self.by_employee_id
                .entry(user.employee_identifier.clone())
                .or_insert(index);
        }
        self.by_id.entry(user.id.clone()).or_insert(index);
        self.users.push(user);
    }

    /// Every user.
    pub fn users(&self) -> &[SystemUser] {
        &self.users
    }

    pub fn user_by_username(&self, username: &str) -> Option<&SystemUser> {
        self.by_username
            .get(&fold(username))
            .and_then(|&i| self.users.get(i))
    }

    pub fn user_by_email(&self, email: &str) -> Option<&SystemUser> {
        self.by_email
            .get(&fold(email))
            .and_then(|&i| self.users.get(i))
    }

    pub fn user_by_employee_id(&self, employee_id: &str) -> Option<&SystemUser> {
        self.by_employee_id
            .get(employee_id)
            .and_then(|&i| self.users.get(i))
    }

    pub fn user_by_id(&self, id: &str) -> Option<&SystemUser> {
        self.by_id.get(id).and_then(|&i| self.users.get(i))
    }

    /// Where the user with this id is in [`OrgSnapshot::users`].
    pub fn position(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    /// Every directory, sorted by name.
    pub fn all_directories(&self) -> Vec<&Directory> {
        let mut all: Vec<&Directory> = self.directories.values().flatten().collect();
        all.sort_by(|a, b| fold(&a.name).cmp(&fold(&b.name)).then(a.id.cmp(&b.id)));
        all
    }

    /// Every user group, sorted by name.
    pub fn all_groups(&self) -> Vec<&UserGroup> {
        let mut all: Vec<&UserGroup> = self.groups.values().flatten().collect();
        all.sort_by(|a, b| fold(&a.name).cmp(&fold(&b.name)).then(a.id.cmp(&b.id)));
        all
    }

    /// The directory with this id.
    pub fn directory_by_id(&self, id: &str) -> Option<&Directory> {
        self.directories.values().flatten().find(|d| d.id == id)
    }

    /// The group with this id.
    pub fn group_by_id(&self, id: &str) -> Option<&UserGroup> {
        self.groups.values().flatten().find(|g| g.id == id)
    }

    /// The same organization with `changed` users put in (replacing those with their id)
    /// and the users with an id in `removed` taken out.
    pub fn with_users(&self, changed: Vec<SystemUser>, removed: &[String]) -> Self {
        let mut changed: HashMap<String, SystemUser> =
            changed.into_iter().map(|u| (u.id.clone(), u)).collect();
        let mut users: Vec<SystemUser> = Vec::with_capacity(self.users.len() + changed.len());
        for user in &self.users {
            if removed.contains(&user.id) {
                continue;
            }
            users.push(changed.remove(&user.id).unwrap_or_else(|| user.clone()));
        }
        let mut added: Vec<SystemUser> = changed.into_values().collect();
        added.sort_by(|a, b| a.id.cmp(&b.id));
        users.extend(added);
        let mut snapshot = Self {
            directories: self.directories.clone(),
            groups: self.groups.clone(),
            ..Self::default()
        };
        for user in users {
            snapshot.add_user(user);
        }
        snapshot
    }

    pub fn directory(&self, name: &str) -> Lookup<'_, Directory> {
        lookup(&self.directories, name)
    }

    pub fn group(&self, name: &str) -> Lookup<'_, UserGroup> {
        lookup(&self.groups, name)
    }

    /// How many users, directories and groups there are.
    pub fn counts(&self) -> (usize, usize, usize) {
        (
            self.users.len(),
            self.directories.values().map(Vec::len).sum(),
            self.groups.values().map(Vec::len).sum(),
        )
    }
}

fn lookup<'a, T>(map: &'a HashMap<String, Vec<T>>, name: &str) -> Lookup<'a, T> {
    match map.get(&fold(name)).map(Vec::as_slice) {
        Some([one]) => Lookup::Found(one),
        Some([]) | None => Lookup::Missing,
        Some(many) => Lookup::Ambiguous(many.len()),
    }
}

/// The form names are compared in.
pub(crate) fn fold(value: &str) -> String {
    value.trim().to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jumpcloud::models::DirectoryKind;

    fn user(id: &str, username: &str, email: &str, employee: &str) -> SystemUser {
        SystemUser {
            id: id.into(),
            username: username.into(),
            email: email.into(),
            employee_identifier: employee.into(),
            ..SystemUser::default()
        }
    }

    #[test]
    fn lookups_ignore_case_except_employee_ids() {
        let snapshot = OrgSnapshot::from_parts(
            vec![user("a1", "Ada", "Ada@Example.com", "E1")],
            vec![Directory {
                id: "d1".into(),
                name: "Google Workspace".into(),
                kind: DirectoryKind::GSuite,
            }],
            vec![
                UserGroup {
                    id: "g1".into(),
                    name: "Sales".into(),
                },
                UserGroup {
                    id: "g2".into(),
                    name: "VPN".into(),
                },
                UserGroup {
                    id: "g3".into(),
                    name: "vpn".into(),
                },
            ],
        );
        assert!(snapshot.user_by_username("ada").is_some());
        assert!(snapshot.user_by_email("ada@example.COM").is_some());
        assert!(snapshot.user_by_employee_id("E1").is_some());
        assert!(snapshot.user_by_employee_id("e1").is_none());
        assert!(matches!(
            snapshot.directory("google workspace"),
            Lookup::Found(_)
        ));
        assert!(matches!(snapshot.group("SALES"), Lookup::Found(g) if g.id == "g1"));
        assert_eq!(snapshot.group("vpn"), Lookup::Ambiguous(2));
        assert_eq!(snapshot.group("Enginering"), Lookup::Missing);
        assert_eq!(snapshot.counts(), (1, 1, 3));
    }
}
