//! Organizations.

use crate::api::users::path_id;
use crate::client::Client;
use crate::error::Error;
use crate::models::{OrgDetails, Organization, Page};
use crate::MAX_PAGE;

impl Client {
    /// The organizations this key can see (one for most admins, several
    /// for a multi-tenant admin).
    pub async fn organizations(&self) -> Result<Page<Organization>, Error> {
        self.get("/api/organizations", &[("limit", MAX_PAGE.to_string())])
            .await
    }

    /// One organization with its settings.
    pub async fn organization(&self, id: &str) -> Result<OrgDetails, Error> {
        self.get(&format!("/api/organizations/{}", path_id(id)?), &[])
            .await
    }
}
