//! Scheduled state changes (`/bulk/userstates`).

use reqwest::Method;

use crate::api::users::path_id;
use crate::client::{decode, Client, Replay};
use crate::error::Error;
use crate::models::{ScheduledStateChange, ScheduledStateRequest};

impl Client {
    pub async fn scheduled_state_changes(&self) -> Result<Vec<ScheduledStateChange>, Error> {
        self.get("/api/v2/bulk/userstates", &[("limit", "100".into())])
            .await
    }

    /// Schedule suspensions or reactivations; returns the scheduled jobs.
    pub async fn schedule_state_change(
        &self,
        request: &ScheduledStateRequest,
    ) -> Result<Vec<ScheduledStateChange>, Error> {
        let path = "/api/v2/bulk/userstates";
        // Not replayed blindly: a repeat would schedule the change twice.
        let answer = self
            .send(Method::POST, path, &[], Some(request), Replay::Unsafe)
            .await?;
        decode(path, &answer.body)
    }

    pub async fn cancel_scheduled_state_change(&self, id: &str) -> Result<(), Error> {
        let path = format!("/api/v2/bulk/userstates/{}", path_id(id)?);
        self.send::<()>(Method::DELETE, &path, &[], None, Replay::Safe)
            .await
            .map(drop)
    }
}
