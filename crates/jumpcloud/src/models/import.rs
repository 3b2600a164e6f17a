use serde::Deserialize;

/// A person in a Google Workspace tenant (`/gsuites/{id}/import/users`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Default)]
#[serde(default)]
pub struct GoogleImportUser {
    pub id: String,
    #[serde(rename = "primaryEmail")]
    pub primary_email: String,
    #[serde(rename = "givenName")]
    pub given_name: String,
    #[serde(rename = "familyName")]
    pub family_name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Default)]
#[serde(default)]
pub struct GoogleImportPage {
    pub users: Vec<GoogleImportUser>,
    #[serde(rename = "nextPageToken")]
    pub next_page_token: Option<String>,
}

/// A person in a Microsoft 365 tenant (`/office365s/{id}/import/users`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Default)]
#[serde(default)]
pub struct MicrosoftImportUser {
    pub id: String,
    #[serde(rename = "userPrincipalName")]
    pub user_principal_name: String,
    #[serde(rename = "givenName")]
    pub given_name: String,
    pub surname: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Default)]
#[serde(default)]
pub struct MicrosoftImportPage {
    pub users: Vec<MicrosoftImportUser>,
    #[serde(rename = "skipToken")]
    pub skip_token: Option<String>,
}
