//! Listing the people of a connected Google Workspace or Microsoft 365.

use crate::api::users::path_id;
use crate::client::Client;
use crate::error::Error;
use crate::models::{
    GoogleImportPage, GoogleImportUser, GoogleJumpCloudPage, MicrosoftImportPage,
    MicrosoftImportUser,
};
use crate::pagination::fetch_all_tokens;

/// Google's largest page (`maxResults`).
pub const GOOGLE_PAGE: u32 = 500;
/// Microsoft Graph's largest page (`top`).
pub const MICROSOFT_PAGE: u32 = 999;

fn google_query(
    query: Option<&str>,
    page_token: Option<&str>,
    size: u32,
) -> Vec<(&'static str, String)> {
    let mut q = vec![("maxResults", size.clamp(1, GOOGLE_PAGE).to_string())];
    if let Some(token) = page_token {
        q.push(("pageToken", token.to_owned()));
    }
    if let Some(query) = query.filter(|s| !s.trim().is_empty()) {
        q.push(("query", query.trim().to_owned()));
    }
    q
}

impl Client {
    /// One page of a Google Workspace tenant's people (Google's `query` search syntax);
    /// pass the previous page's `next_page_token` to continue.
    pub async fn google_import_users(
        &self,
        gsuite_id: &str,
        query: Option<&str>,
        page_token: Option<&str>,
        page_size: u32,
    ) -> Result<GoogleImportPage, Error> {
        self.get(
            &format!("/api/v2/gsuites/{}/import/users", path_id(gsuite_id)?),
            &google_query(query, page_token, page_size),
        )
        .await
    }

    /// The same page as [`Client::google_import_users`] in JumpCloud's user shape
    /// (department, job title, employee id and the rest).
    pub async fn google_import_jumpcloud_users(
        &self,
        gsuite_id: &str,
        query: Option<&str>,
        page_token: Option<&str>,
        page_size: u32,
    ) -> Result<GoogleJumpCloudPage, Error> {
        self.get(
            &format!(
                "/api/v2/gsuites/{}/import/jumpcloudusers",
                path_id(gsuite_id)?
            ),
            &google_query(query, page_token, page_size),
        )
        .await
    }

    /// One page of a Microsoft 365 tenant's people (Graph's `search`); pass the previous
    /// page's `skip_token` to continue.
    pub async fn microsoft_import_users(
        &self,
        office365_id: &str,
        search: Option<&str>,
        skip_token: Option<&str>,
        page_size: u32,
    ) -> Result<MicrosoftImportPage, Error> {
        let mut query = vec![("top", page_size.clamp(1, MICROSOFT_PAGE).to_string())];
        if let Some(token) = skip_token {
            query.push(("skipToken", token.to_owned()));
        }
        if let Some(search) = search.filter(|s| !s.trim().is_empty()) {
            query.push(("search", search.trim().to_owned()));
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
                .google_import_users(gsuite_id, None, token.as_deref(), page_size)
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
                .microsoft_import_users(office365_id, None, token.as_deref(), page_size)
                .await?;
            Ok((page.users, page.skip_token))
        })
        .await
    }
}
