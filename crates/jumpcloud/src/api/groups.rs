//! V2 user groups.

use reqwest::Method;

use crate::api::directories::{Bound, V2_PAGE};
use crate::api::users::path_id;
use crate::client::{Client, Replay};
use crate::error::{Error, ErrorKind};
use crate::models::{GraphObject, UserGroup};
use crate::pagination::fetch_all;

impl Client {
    pub async fn list_user_groups(&self) -> Result<Vec<UserGroup>, Error> {
        fetch_all(V2_PAGE, |skip, limit| async move {
            self.get_counted(
                "/api/v2/usergroups",
                &[("skip", skip.to_string()), ("limit", limit.to_string())],
            )
            .await
        })
        .await
    }

    /// Add a user to a group. Adding twice is not an error.
    pub async fn add_user_to_group(&self, group_id: &str, user_id: &str) -> Result<Bound, Error> {
        self.group_member(group_id, user_id, "add").await
    }

    /// Take a user out of a group. Taking out someone who is not a member is not an error
    /// (`AlreadyBound` then means "already out").
    pub async fn remove_user_from_group(
        &self,
        group_id: &str,
        user_id: &str,
    ) -> Result<Bound, Error> {
        match self.group_member(group_id, user_id, "remove").await {
            Err(e) if e.kind == ErrorKind::NotFound => Ok(Bound::AlreadyBound),
            other => other,
        }
    }

    /// The groups a user is a member of (`GET /users/{id}/memberof`), by id.
    pub async fn user_groups(&self, user_id: &str) -> Result<Vec<GraphObject>, Error> {
        let path = format!("/api/v2/users/{}/memberof", path_id(user_id)?);
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

    /// The ids of the group's members (users only).
    pub async fn group_members(&self, group_id: &str) -> Result<Vec<String>, Error> {
        let path = format!("/api/v2/usergroups/{}/members", path_id(group_id)?);
        let members: Vec<crate::models::GraphConnection> = fetch_all(V2_PAGE, |skip, limit| {
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
        Ok(members
            .into_iter()
            .filter(|m| m.to.kind == "user")
            .map(|m| m.to.id)
            .collect())
    }

    async fn group_member(&self, group_id: &str, user_id: &str, op: &str) -> Result<Bound, Error> {
        let path = format!("/api/v2/usergroups/{}/members", path_id(group_id)?);
        let body = serde_json::json!({"op": op, "type": "user", "id": path_id(user_id)?});
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
