//! Every change Roster makes to JumpCloud, as one type: what it sends, whether sending it
//! again is safe, and how to tell whether it is already done (for rows in doubt after a crash,
//! and so a second run changes nothing).
//!
//! | operation | sent again blindly? | already done when |
//! | --- | --- | --- |
//! | create | never: the client looks the username up after an ambiguous failure | a user has the username and the email |
//! | update | yes (PUT of the same values) | — (always sent; same values, same result) |
//! | bind / unbind a directory | yes (409 / 404 mean done) | the user is (not) bound directly |
//! | add to / remove from a group | yes (409 / 404 mean done) | the user is (not) a direct member |
//! | suspend / reactivate | yes (PUT of the state) | the user is in that state |
//! | activate (staged → active) | yes | the user is no longer staged |
//! | delete | yes (404 means done) | the user is gone |
//! | schedule a state change | never: a repeat schedules twice | the same change is scheduled for the same time |
//! | cancel a schedule | yes (404 means done) | the schedule is gone |

use jumpcloud::models::{
    Directory, NewUser, ScheduledStateRequest, SystemUser, UserState, UserUpdate,
};
use jumpcloud::{Bound, Client, Error, ErrorKind};
use serde::{Deserialize, Serialize};

use crate::plan::{DirectoryTarget, GroupTarget};

/// The kinds of change, as History and the journal name them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OperationKind {
    Create,
    Update,
    Bind,
    Unbind,
    AddToGroup,
    RemoveFromGroup,
    Suspend,
    Reactivate,
    Delete,
    Schedule,
    CancelSchedule,
}

impl OperationKind {
    pub const ALL: [OperationKind; 11] = [
        OperationKind::Create,
        OperationKind::Update,
        OperationKind::Bind,
        OperationKind::Unbind,
        OperationKind::AddToGroup,
        OperationKind::RemoveFromGroup,
        OperationKind::Suspend,
        OperationKind::Reactivate,
        OperationKind::Delete,
        OperationKind::Schedule,
        OperationKind::CancelSchedule,
    ];

    /// The snake_case name (as in JSON).
    pub fn as_str(&self) -> &'static str {
        match self {
            OperationKind::Create => "create",
            OperationKind::Update => "update",
            OperationKind::Bind => "bind",
            OperationKind::Unbind => "unbind",
            OperationKind::AddToGroup => "add_to_group",
            OperationKind::RemoveFromGroup => "remove_from_group",
            OperationKind::Suspend => "suspend",
            OperationKind::Reactivate => "reactivate",
            OperationKind::Delete => "delete",
            OperationKind::Schedule => "schedule",
            OperationKind::CancelSchedule => "cancel_schedule",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == text)
    }

    /// In plain words, as a past-tense verb: "Created", "Added to a group".
    pub fn label(&self) -> &'static str {
        match self {
            OperationKind::Create => "Created",
            OperationKind::Update => "Changed details",
            OperationKind::Bind => "Bound to a directory",
            OperationKind::Unbind => "Unbound from a directory",
            OperationKind::AddToGroup => "Added to a group",
            OperationKind::RemoveFromGroup => "Removed from a group",
            OperationKind::Suspend => "Suspended",
            OperationKind::Reactivate => "Reactivated",
            OperationKind::Delete => "Deleted",
            OperationKind::Schedule => "Scheduled a change of state",
            OperationKind::CancelSchedule => "Cancelled a scheduled change",
        }
    }
}

/// A state change JumpCloud can schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ScheduledState {
    Suspended,
    Activated,
}

/// What to do with the people a deleted person manages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "how", content = "manager")]
pub enum Reports {
    /// The person manages nobody (JumpCloud answers 409 otherwise).
    None,
    /// Clear the direct reports' manager.
    Clear,
    /// Hand the direct reports to this manager (a user id).
    HandTo(String),
}

/// One change. The person it applies to is given when it runs (a create's id is only known
/// once it is made).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Op {
    Create {
        user: NewUser,
        /// A first password the admin chose (the "Add one person" form). Never serialized:
        /// not in journals, History, reports or digests; sent only in the create's body.
        #[serde(skip)]
        password: Option<jumpcloud::Secret>,
    },
    Update {
        changes: UserUpdate,
    },
    Bind {
        directory: DirectoryTarget,
    },
    Unbind {
        directory: DirectoryTarget,
    },
    AddToGroup {
        group: GroupTarget,
    },
    RemoveFromGroup {
        group: GroupTarget,
    },
    Suspend,
    /// SUSPENDED → ACTIVATED.
    Reactivate,
    /// STAGED → ACTIVATED, with or without JumpCloud's welcome email.
    Activate {
        send_email: bool,
    },
    /// Deletes the person. `archive` is the file the archive of the person was written and
    /// flushed to before planning; no archive there, no delete (JumpCloud has no undelete).
    Delete {
        reports: Reports,
        /// Not part of the row's digest: a job run again after an interruption archives the
        /// person again (a new file), but plans the same delete.
        #[serde(skip)]
        archive: std::path::PathBuf,
    },
    /// `at` is RFC 3339.
    Schedule {
        state: ScheduledState,
        at: String,
    },
    CancelSchedule {
        schedule_id: String,
    },
}

/// What running an op did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Applied {
    /// The change was made; for a create, the new user's id.
    Changed(Option<String>),
    /// Nothing needed doing (already bound, already suspended, ...).
    AlreadyDone,
}

impl Op {
    pub fn kind(&self) -> OperationKind {
        match self {
            Op::Create { .. } => OperationKind::Create,
            Op::Update { .. } => OperationKind::Update,
            Op::Bind { .. } => OperationKind::Bind,
            Op::Unbind { .. } => OperationKind::Unbind,
            Op::AddToGroup { .. } => OperationKind::AddToGroup,
            Op::RemoveFromGroup { .. } => OperationKind::RemoveFromGroup,
            Op::Suspend => OperationKind::Suspend,
            Op::Reactivate | Op::Activate { .. } => OperationKind::Reactivate,
            Op::Delete { .. } => OperationKind::Delete,
            Op::Schedule { .. } => OperationKind::Schedule,
            Op::CancelSchedule { .. } => OperationKind::CancelSchedule,
        }
    }

    /// Whether sending the op again after an unknown outcome is harmless. The others must be
    /// looked up ([`Op::already_done`]) first.
    pub fn safe_to_repeat(&self) -> bool {
        !matches!(self, Op::Create { .. } | Op::Schedule { .. })
    }

    /// Whether the change is already there for the person `user_id` (`None`: no person yet,
    /// only for a create). Used for rows in doubt, before sending again.
    pub async fn already_done(
        &self,
        client: &Client,
        user_id: Option<&str>,
    ) -> Result<bool, Error> {
        let person = |client: &Client, id: &str| {
            let client = client.clone();
            let id = id.to_owned();
            async move { find(&client, &id).await }
        };
        match (self, user_id) {
            (Op::Create { user, .. }, _) => Ok(client
                .find_user_by_username(&user.username)
                .await?
                .is_some_and(|u| u.email.eq_ignore_ascii_case(&user.email))),
            (_, None) => Ok(false),
            (Op::Update { .. }, Some(_)) => Ok(false),
            (Op::Bind { directory }, Some(id)) => Ok(directly_bound(client, id, directory).await?),
            (Op::Unbind { directory }, Some(id)) => {
                Ok(!directly_bound(client, id, directory).await?)
            }
            (Op::AddToGroup { group }, Some(id)) => Ok(member(client, id, group).await?),
            (Op::RemoveFromGroup { group }, Some(id)) => Ok(!member(client, id, group).await?),
            (Op::Suspend, Some(id)) => Ok(person(client, id)
                .await?
                .is_some_and(|u| u.state == UserState::Suspended)),
            (Op::Reactivate | Op::Activate { .. }, Some(id)) => Ok(person(client, id)
                .await?
                .is_some_and(|u| u.state == UserState::Activated)),
            (Op::Delete { .. }, Some(id)) => Ok(person(client, id).await?.is_none()),
            (Op::Schedule { state, at }, Some(id)) => {
                Ok(client.scheduled_state_changes().await?.iter().any(|s| {
                    s.user_id == id
                        && s.state == user_state(*state)
                        && same_time(&s.scheduled_date, at)
                }))
            }
            (Op::CancelSchedule { schedule_id }, Some(_)) => Ok(!client
                .scheduled_state_changes()
                .await?
                .iter()
                .any(|s| &s.id == schedule_id)),
        }
    }

    /// Makes the change for `user_id` (`None` only for a create).
    pub async fn apply(&self, client: &Client, user_id: Option<&str>) -> Result<Applied, Error> {
        let id = || {
            user_id.ok_or_else(|| {
                Error::new(
                    ErrorKind::Validation,
                    "the change has no person to apply to",
                )
            })
        };
        let bound = |b: Bound| match b {
            Bound::Added => Applied::Changed(None),
            Bound::AlreadyBound => Applied::AlreadyDone,
        };
        match self {
            Op::Create { user, password } => {
                let made = client
                    .create_user_with_password(user, password.as_ref())
                    .await?;
                Ok(Applied::Changed(Some(made.user().id.clone())))
            }
            Op::Update { changes } => {
                client.update_user(id()?, changes).await?;
                Ok(Applied::Changed(None))
            }
            Op::Bind { directory } => Ok(bound(
                client
                    .bind_user_to_directory(id()?, &as_directory(directory))
                    .await?,
            )),
            Op::Unbind { directory } => Ok(bound(
                client
                    .unbind_user_from_directory(id()?, &as_directory(directory))
                    .await?,
            )),
            Op::AddToGroup { group } => {
                Ok(bound(client.add_user_to_group(&group.id, id()?).await?))
            }
            Op::RemoveFromGroup { group } => Ok(bound(
                client.remove_user_from_group(&group.id, id()?).await?,
            )),
            Op::Suspend => {
                client
                    .update_user(id()?, &UserUpdate::state(UserState::Suspended))
                    .await?;
                Ok(Applied::Changed(None))
            }
            Op::Reactivate => {
                client
                    .update_user(id()?, &UserUpdate::state(UserState::Activated))
                    .await?;
                Ok(Applied::Changed(None))
            }
            Op::Activate { send_email } => {
                client.activate_user(id()?, *send_email).await?;
                Ok(Applied::Changed(None))
            }
            Op::Delete { reports, archive } => {
                let archived = std::fs::metadata(archive).is_ok_and(|m| m.is_file() && m.len() > 0);
                if !archived {
                    return Err(Error::new(
                        ErrorKind::Validation,
                        format!(
                            "no archive of the person at {}, so Roster did not delete them",
                            archive.display()
                        ),
                    ));
                }
                let cascade = match reports {
                    Reports::None => None,
                    Reports::Clear => Some("null"),
                    Reports::HandTo(manager) => Some(manager.as_str()),
                };
                match client.delete_user_with(id()?, cascade).await {
                    Ok(_) => Ok(Applied::Changed(None)),
                    Err(e) if e.kind == ErrorKind::NotFound => Ok(Applied::AlreadyDone),
                    Err(e) => Err(e),
                }
            }
            Op::Schedule { state, at } => {
                let request = ScheduledStateRequest {
                    user_ids: vec![id()?.to_owned()],
                    state: user_state(*state),
                    start_date: at.clone(),
                };
                let made = client.schedule_state_change(&request).await?;
                Ok(Applied::Changed(made.into_iter().next().map(|s| s.id)))
            }
            Op::CancelSchedule { schedule_id } => {
                match client.cancel_scheduled_state_change(schedule_id).await {
                    Ok(()) => Ok(Applied::Changed(None)),
                    Err(e) if e.kind == ErrorKind::NotFound => Ok(Applied::AlreadyDone),
                    Err(e) => Err(e),
                }
            }
        }
    }

    /// The thing the op names, in plain words ("the group \"Sales\""), for messages.
    pub fn object(&self) -> Option<String> {
        match self {
            Op::Bind { directory } | Op::Unbind { directory } => {
                Some(format!("the directory \"{}\"", directory.name))
            }
            Op::AddToGroup { group } | Op::RemoveFromGroup { group } => {
                Some(format!("the group \"{}\"", group.name))
            }
            _ => None,
        }
    }
}

fn user_state(state: ScheduledState) -> UserState {
    match state {
        ScheduledState::Suspended => UserState::Suspended,
        ScheduledState::Activated => UserState::Activated,
    }
}

/// Two RFC 3339 times name the same instant when they agree to the second (JumpCloud may
/// answer with milliseconds or another spelling of UTC).
fn same_time(a: &str, b: &str) -> bool {
    let parse = |t: &str| {
        time::OffsetDateTime::parse(t, &time::format_description::well_known::Rfc3339)
            .ok()
            .map(|t| t.unix_timestamp())
    };
    match (parse(a), parse(b)) {
        (Some(a), Some(b)) => a == b,
        _ => a == b,
    }
}

fn as_directory(target: &DirectoryTarget) -> Directory {
    Directory {
        id: target.id.clone(),
        name: target.name.clone(),
        kind: target.kind.clone(),
    }
}

async fn find(client: &Client, id: &str) -> Result<Option<SystemUser>, Error> {
    match client.get_user(id).await {
        Ok(user) => Ok(Some(user)),
        Err(e) if e.kind == ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

async fn directly_bound(
    client: &Client,
    user_id: &str,
    directory: &DirectoryTarget,
) -> Result<bool, Error> {
    Ok(client
        .user_direct_directories(user_id)
        .await?
        .iter()
        .any(|d| d.id == directory.id))
}

async fn member(client: &Client, user_id: &str, group: &GroupTarget) -> Result<bool, Error> {
    Ok(client
        .user_groups(user_id)
        .await?
        .iter()
        .any(|g| g.id == group.id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_and_only_creates_and_schedules_are_unsafe() {
        for kind in OperationKind::ALL {
            assert_eq!(OperationKind::parse(kind.as_str()), Some(kind));
        }
        assert!(!Op::Create {
            user: NewUser::default(),
            password: None,
        }
        .safe_to_repeat());
        assert!(!Op::Schedule {
            state: ScheduledState::Suspended,
            at: "2030-01-01T00:00:00Z".into()
        }
        .safe_to_repeat());
        assert!(Op::Suspend.safe_to_repeat());
        assert!(Op::Delete {
            reports: Reports::Clear,
            archive: "archive.json".into(),
        }
        .safe_to_repeat());
    }

    #[test]
    fn times_compare_as_instants() {
        assert!(same_time(
            "2030-01-01T09:00:00.000Z",
            "2030-01-01T09:00:00Z"
        ));
        assert!(same_time(
            "2030-01-01T10:00:00+01:00",
            "2030-01-01T09:00:00Z"
        ));
        assert!(!same_time("2030-01-01T09:00:01Z", "2030-01-01T09:00:00Z"));
    }
}
