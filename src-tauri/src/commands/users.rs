//! Listing users.

use jumpcloud::models::{SystemUser, UserState};
use serde::{Deserialize, Serialize};
use specta::Type;
use tauri::State;

use crate::error::AppError;
use crate::state::AppState;

#[derive(Debug, Clone, Copy, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct UsersQuery {
    pub skip: u32,
    /// At most 100 (JumpCloud's page size).
    pub limit: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum AccountState {
    /// Created but not yet activated: the person cannot sign in yet.
    Staged,
    Active,
    /// Cannot sign in; data is kept.
    Suspended,
}

/// One row of the users list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct UserRow {
    pub id: String,
    pub username: String,
    /// "First Last", or the display name when JumpCloud has one.
    pub name: String,
    pub email: String,
    pub state: AccountState,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct UsersPage {
    pub total: u32,
    pub users: Vec<UserRow>,
}

impl From<SystemUser> for UserRow {
    fn from(u: SystemUser) -> Self {
        let full = format!("{} {}", u.firstname.trim(), u.lastname.trim())
            .trim()
            .to_owned();
        let name = if u.displayname.trim().is_empty() {
            full
        } else {
            u.displayname.trim().to_owned()
        };
        let state = match u.state {
            UserState::Staged => AccountState::Staged,
            UserState::Activated if u.suspended => AccountState::Suspended,
            UserState::Activated => AccountState::Active,
            UserState::Suspended => AccountState::Suspended,
        };
        Self {
            id: u.id,
            username: u.username,
            name,
            email: u.email,
            state,
        }
    }
}

/// One page of the open organization's users, sorted by username.
#[tauri::command]
#[specta::specta]
pub async fn list_users(
    state: State<'_, AppState>,
    query: UsersQuery,
) -> Result<UsersPage, AppError> {
    let client = state.client().await.ok_or_else(AppError::not_connected)?;
    let page = client
        .list_users(u64::from(query.skip), query.limit)
        .await?;
    Ok(UsersPage {
        total: u32::try_from(page.total_count).unwrap_or(u32::MAX),
        users: page.results.into_iter().map(UserRow::from).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(
        first: &str,
        last: &str,
        display: &str,
        state: UserState,
        suspended: bool,
    ) -> SystemUser {
        SystemUser {
            firstname: first.into(),
            lastname: last.into(),
            displayname: display.into(),
            state,
            suspended,
            ..SystemUser::default()
        }
    }

    #[test]
    fn name_prefers_display_name_then_first_last() {
        assert_eq!(
            UserRow::from(user(" Amara ", "Okafor", "", UserState::Activated, false)).name,
            "Amara Okafor"
        );
        assert_eq!(
            UserRow::from(user(
                "A",
                "O",
                "Dr. Amara Okafor",
                UserState::Activated,
                false
            ))
            .name,
            "Dr. Amara Okafor"
        );
        assert_eq!(
            UserRow::from(user("", "Okafor", "", UserState::Activated, false)).name,
            "Okafor"
        );
    }

    #[test]
    fn suspended_flag_wins_over_activated_state() {
        assert_eq!(
            UserRow::from(user("a", "b", "", UserState::Activated, true)).state,
            AccountState::Suspended
        );
        assert_eq!(
            UserRow::from(user("a", "b", "", UserState::Staged, false)).state,
            AccountState::Staged
        );
        assert_eq!(
            UserRow::from(user("a", "b", "", UserState::Suspended, true)).state,
            AccountState::Suspended
        );
    }
}
