//! V1 system users.

use reqwest::Method;

use crate::client::{decode, Client, Replay};
use crate::error::{Error, ErrorKind};
use crate::models::{NewUser, Page, SystemUser, UserUpdate};
use crate::pagination::fetch_all;
use crate::MAX_PAGE;

/// How a create ended.
#[derive(Debug, Clone, PartialEq)]
pub enum CreateOutcome {
    /// JumpCloud created the user and said so.
    Created(SystemUser),
    /// An earlier attempt's answer was lost, but the user is there: it was
    /// created by that attempt (same username and email).
    Recovered(SystemUser),
}

impl CreateOutcome {
    pub fn user(&self) -> &SystemUser {
        match self {
            CreateOutcome::Created(u) | CreateOutcome::Recovered(u) => u,
        }
    }
}

impl Client {
    /// One page of V1 system users, sorted by username.
    pub async fn list_users(&self, skip: u64, limit: u32) -> Result<Page<SystemUser>, Error> {
        let limit = limit.clamp(1, MAX_PAGE);
        self.get(
            "/api/systemusers",
            &[
                ("skip", skip.to_string()),
                ("limit", limit.to_string()),
                ("sort", "username".into()),
            ],
        )
        .await
    }

    /// Every user of the organization (pages fetched concurrently), in
    /// JumpCloud's default order (by id, so creation order): users added
    /// meanwhile land at the end instead of shifting the pages.
    pub async fn list_all_users(&self) -> Result<Vec<SystemUser>, Error> {
        fetch_all(MAX_PAGE, |skip, limit| async move {
            let page: Page<SystemUser> = self
                .get(
                    "/api/systemusers",
                    &[("skip", skip.to_string()), ("limit", limit.to_string())],
                )
                .await?;
            Ok((page.results, Some(page.total_count)))
        })
        .await
    }

    pub async fn get_user(&self, id: &str) -> Result<SystemUser, Error> {
        self.get(&format!("/api/systemusers/{}", path_id(id)?), &[])
            .await
    }

    /// The user with exactly this username, if there is one.
    pub async fn find_user_by_username(&self, username: &str) -> Result<Option<SystemUser>, Error> {
        let page: Page<SystemUser> = self
            .get(
                "/api/systemusers",
                &[
                    ("filter", format!("username:$eq:{username}")),
                    ("limit", "2".into()),
                ],
            )
            .await?;
        Ok(page.results.into_iter().find(|u| u.username == username))
    }

    /// Create a user. Never sent twice blindly: when an attempt's outcome is
    /// unknown (connection cut, 5xx), the user is looked up by username
    /// first, and only created again if it is not there.
    pub async fn create_user(&self, user: &NewUser) -> Result<CreateOutcome, Error> {
        self.create_user_with_password(user, None).await
    }

    /// [`Client::create_user`] with a first password (the admin chose it for the person). It
    /// goes only into the request body; JumpCloud's refusal names the first unmet rule.
    pub async fn create_user_with_password(
        &self,
        user: &NewUser,
        password: Option<&crate::Secret>,
    ) -> Result<CreateOutcome, Error> {
        /// The body with the password, made only for the request.
        #[derive(serde::Serialize)]
        struct WithPassword<'a> {
            #[serde(flatten)]
            user: &'a NewUser,
            password: &'a str,
        }
        let body = match password {
            Some(p) => serde_json::to_value(WithPassword {
                user,
                password: p.expose(),
            }),
            None => serde_json::to_value(user),
        }
        .map_err(|e| Error::new(ErrorKind::Validation, e.to_string()))?;
        const ROUNDS: u32 = 4;
        let mut round = 0;
        let mut was_unknown = false;
        loop {
            round += 1;
            match self
                .send(
                    Method::POST,
                    "/api/systemusers",
                    &[],
                    Some(&body),
                    Replay::Unsafe,
                )
                .await
            {
                Ok(answer) => {
                    return decode("/api/systemusers", &answer.body).map(CreateOutcome::Created)
                }
                Err(err)
                    if err.outcome_unknown || (was_unknown && err.kind == ErrorKind::Conflict) =>
                {
                    // Did it land? Look before sending again.
                    was_unknown = true;
                    tokio::time::sleep(self.retry_policy().delay(round, None)).await;
                    match self.find_user_by_username(&user.username).await? {
                        Some(existing) if existing.email.eq_ignore_ascii_case(&user.email) => {
                            return Ok(CreateOutcome::Recovered(existing))
                        }
                        Some(_) => return Err(err),
                        None if round < ROUNDS => continue,
                        None => return Err(err),
                    }
                }
                Err(err) => return Err(err),
            }
        }
    }

    /// Change fields of a user (PUT; arrays given replace JumpCloud's).
    pub async fn update_user(&self, id: &str, update: &UserUpdate) -> Result<SystemUser, Error> {
        let path = format!("/api/systemusers/{}", path_id(id)?);
        let answer = self
            .send(Method::PUT, &path, &[], Some(update), Replay::Safe)
            .await?;
        decode(&path, &answer.body)
    }

    /// Delete a user; returns the deleted user. JumpCloud has no undelete.
    pub async fn delete_user(&self, id: &str) -> Result<SystemUser, Error> {
        self.delete_user_with(id, None).await
    }

    /// Delete a user who may manage others: `cascade_manager` is `Some("null")` to clear the
    /// direct reports' manager, or `Some(user id)` to hand them to that manager.
    pub async fn delete_user_with(
        &self,
        id: &str,
        cascade_manager: Option<&str>,
    ) -> Result<SystemUser, Error> {
        let path = format!("/api/systemusers/{}", path_id(id)?);
        let query: Vec<(&str, String)> = match cascade_manager {
            Some("null") => vec![("cascade_manager", "null".to_owned())],
            Some(manager) => vec![("cascade_manager", path_id(manager)?.to_owned())],
            None => Vec::new(),
        };
        let answer = self
            .send::<()>(Method::DELETE, &path, &query, None, Replay::Safe)
            .await?;
        decode(&path, &answer.body)
    }

    /// STAGED → ACTIVATED. `send_email: false` suppresses JumpCloud's welcome email.
    pub async fn activate_user(&self, id: &str, send_email: bool) -> Result<(), Error> {
        let path = format!("/api/systemusers/{}/state/activate", path_id(id)?);
        let body = serde_json::json!({ "email": send_email });
        self.send(Method::POST, &path, &[], Some(&body), Replay::Safe)
            .await
            .map(drop)
    }
}

/// Ids go into paths: refuse anything that is not a plain id.
pub(crate) fn path_id(id: &str) -> Result<&str, Error> {
    if !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        Ok(id)
    } else {
        Err(Error::new(
            ErrorKind::Validation,
            format!("{id:?} is not a JumpCloud id"),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_with_path_characters_are_refused() {
        assert!(path_id("5f1b2c3d4e5f60718293a4b5").is_ok());
        assert!(path_id("../organizations").is_err());
        assert!(path_id("").is_err());
    }
}
