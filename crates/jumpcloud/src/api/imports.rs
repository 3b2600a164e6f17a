//! Listing the people of a connected Google Workspace or Microsoft 365.

use crate::api::users::path_id;
use crate::client::Client;
use crate::error::Error;
use crate::models::{GoogleImportPage, MicrosoftImportPage};

impl Client {
    /// One page of a Google Workspace tenant's people; pass the previous
    /// page's `next_page_token` to continue.
    pub async fn google_import_users(
        &self,
        gsuite_id: &str,
        page_token: Option<&str>,
    ) -> Result<GoogleImportPage, Error> {
        let mut query = vec![("maxResults", "500".to_owned())];
        if let Some(token) = page_token {
            query.push(("pageToken", token.to_owned()));
        }
        self.get(
            &format!("/api/v2/gsuites/{}/import/users", path_id(gsuite_id)?),
            &query,
        )
        .await
    }

    /// One page of a Microsoft 365 tenant's people; pass the previous page's
    /// `skip_token` to continue.
    pub async fn microsoft_import_users(
        &self,
        office365_id: &str,
        skip_token: Option<&str>,
    ) -> Result<MicrosoftImportPage, Error> {
        let mut query = vec![("top", "999".to_owned())];
        if let Some(token) = skip_token {
            query.push(("skipToken", token.to_owned()));
        }
        self.get(
            &format!("/api/v2/office365s/{}/import/users", path_id(office365_id)?),
            &query,
        )
        .await
    }
}
