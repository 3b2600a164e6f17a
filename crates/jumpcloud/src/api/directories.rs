//! V2 directories and binding users to them.

use reqwest::Method;

use crate::api::users::path_id;
use crate::client::{Client, Replay};
use crate::error::{Error, ErrorKind};
use crate::models::{Directory, GraphObject, GraphTarget};
use crate::pagination::fetch_all;

/// V2 lists return at most this many per page.
pub const V2_PAGE: u32 = 100;

/// Whether a bind changed anything.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bound {
    Added,
    AlreadyBound,
}

impl Client {
    /// Every directory of the organization (Google Workspace, Microsoft 365, LDAP, ...).
    pub async fn list_directories(&self) -> Result<Vec<Directory>, Error> {
        fetch_all(V2_PAGE, |skip, limit| async move {
            self.get_counted(
                "/api/v2/directories",
                &[("skip", skip.to_string()), ("limit", limit.to_string())],
            )
            .await
        })
        .await
    }

    /// The directories a user is bound to, directly or through a group.
    pub async fn user_directories(&self, user_id: &str) -> Result<Vec<GraphObject>, Error> {
        let path = format!("/api/v2/users/{}/directories", path_id(user_id)?);
        fetch_all(V2_PAGE, |skip, limit| {
            let path = path.clone();
            async move {
                self.get_counted(
                    &path,
                    &[("skip", skip.to_string()), ("limit", limit.to_string())],
                )
                .await
            }
        })
        .await
    }

    /// Bind a user to a directory. Binding twice is not an error.
    pub async fn bind_user_to_directory(
        &self,
        user_id: &str,
        directory: &Directory,
    ) -> Result<Bound, Error> {
        self.user_association(user_id, directory, "add").await
    }

    /// Remove a user's direct binding to a directory. Removing a binding that is not there
    /// is not an error (`AlreadyBound` then means "already unbound").
    pub async fn unbind_user_from_directory(
        &self,
        user_id: &str,
        directory: &Directory,
    ) -> Result<Bound, Error> {
        match self.user_association(user_id, directory, "remove").await {
            Err(e) if e.kind == ErrorKind::NotFound => Ok(Bound::AlreadyBound),
            other => other,
        }
    }

    /// The directories a user is bound to directly (not through a group), by id.
    pub async fn user_direct_directories(&self, user_id: &str) -> Result<Vec<GraphTarget>, Error> {
        let path = format!("/api/v2/users/{}/associations", path_id(user_id)?);
        let targets = "active_directory,g_suite,ldap_server,office_365".to_owned();
        let connections: Vec<crate::models::GraphConnection> = fetch_all(V2_PAGE, |skip, limit| {
            let path = path.clone();
            let targets = targets.clone();
            async move {
                self.get_counted(
                    &path,
                    &[
                        ("targets", targets),
                        ("skip", skip.to_string()),
                        ("limit", limit.to_string()),
                    ],
                )
                .await
            }
        })
        .await?;
        Ok(connections.into_iter().map(|c| c.to).collect())
    }

    /// The ids of the users bound to `directory`, directly or through a group.
    pub async fn directory_users(&self, directory: &Directory) -> Result<Vec<String>, Error> {
        let segment = match directory.kind {
            crate::models::DirectoryKind::GSuite => "gsuites",
            crate::models::DirectoryKind::Office365 => "office365s",
            crate::models::DirectoryKind::LdapServer => "ldapservers",
            crate::models::DirectoryKind::ActiveDirectory => "activedirectories",
            crate::models::DirectoryKind::Other => return Ok(Vec::new()),
        };
        let path = format!("/api/v2/{segment}/{}/users", path_id(&directory.id)?);
        let users: Vec<GraphObject> = fetch_all(V2_PAGE, |skip, limit| {
            let path = path.clone();
            async move {
                self.get_counted(
                    &path,
                    &[("skip", skip.to_string()), ("limit", limit.to_string())],
                )
                .await
            }
        })
        .await?;
        Ok(users.into_iter().map(|u| u.id).collect())
    }

    async fn user_association(
        &self,
        user_id: &str,
        directory: &Directory,
        op: &str,
    ) -> Result<Bound, Error> {
        let kind = directory.kind.association_type().ok_or_else(|| {
            Error::new(
                ErrorKind::Validation,
                format!(
                    "Roster cannot bind users to the directory {:?}",
                    directory.name
                ),
            )
        })?;
        let path = format!("/api/v2/users/{}/associations", path_id(user_id)?);
        let body = serde_json::json!({"op": op, "type": kind, "id": path_id(&directory.id)?});
        match self
            .send(Method::POST, &path, &[], Some(&body), Replay::Safe)
            .await
        {
            Ok(_) => Ok(Bound::Added),
            Err(e) if e.kind == ErrorKind::Conflict => Ok(Bound::AlreadyBound),
            Err(e) => Err(e),
        }
    }
}
