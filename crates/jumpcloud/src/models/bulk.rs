use serde::{Deserialize, Serialize};

use super::UserState;

/// `POST /api/v2/bulk/userstates`: change users' state at a given time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScheduledStateRequest {
    pub user_ids: Vec<String>,
    /// ACTIVATED or SUSPENDED.
    pub state: UserState,
    /// RFC 3339.
    pub start_date: String,
}

/// An entry of `GET /api/v2/bulk/userstates`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ScheduledStateChange {
    #[serde(rename = "scheduledJobId")]
    pub id: String,
    #[serde(rename = "systemUserId", default)]
    pub user_id: String,
    pub state: UserState,
    #[serde(rename = "scheduledDate", default)]
    pub scheduled_date: String,
}
