//! Listing the people of a connected Google Workspace or Microsoft 365.

use crate::api::users::path_id;
use crate::client::Client;
use crate::error::Error;
use crate::models::{GoogleImportPage, GoogleImportUser, MicrosoftImportPage, MicrosoftImportUser};
use crate::pagination::fetch_all_tokens;

impl Client {
    /// One page of a Google Workspace tenant's people; pass the previous
    /// page's `next_page_token` to continue.
    pub async fn google_import_users(
        &self,
        gsuite_id: &str,
        page_token: Option<&str>,
        page_size: u32,
    ) -> Result<GoogleImportPage, Error> {
        let mut query = vec![("maxResults", page_size.clamp(1, 500).to_string())];
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
        page_size: u32,
    ) -> Result<MicrosoftImportPage, Error> {
        let mut query = vec![("top", page_size.clamp(1, 999).to_string())];
        if let Some(token) = skip_token {
            query.push(("skipToken", token.to_owned()));
        }
        self.get(
            &format!("/api/v2/office365s/{}/import/users", path_id(office365_id)?),
            &query,
        )
        .await
    }

    /// Every person in a Google Workspace tenant, following page tokens.
    pub async fn google_import_all_users(
        &self,
        gsuite_id: &str,
        page_size: u32,
    ) -> Result<Vec<GoogleImportUser>, Error> {
        fetch_all_tokens(|token| async move {
            let page = self
                .google_import_users(gsuite_id, token.as_deref(), page_size)
                .await?;
            Ok((page.users, page.next_page_token))
        })
        .await
    }

    /// Every person in a Microsoft 365 tenant, following skip tokens.
    pub async fn microsoft_import_all_users(
        &self,
        office365_id: &str,
        page_size: u32,
    ) -> Result<Vec<MicrosoftImportUser>, Error> {
        fetch_all_tokens(|token| async move {
            let page = self
                .microsoft_import_users(office365_id, token.as_deref(), page_size)
                .await?;
            Ok((page.users, page.skip_token))
        })
        .await
    }
}
