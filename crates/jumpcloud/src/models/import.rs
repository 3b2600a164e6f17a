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

/// A phone number of a person listed in JumpCloud's user shape.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Default)]
#[serde(default)]
pub struct ImportPhone {
    #[serde(rename = "type")]
    pub kind: String,
    pub number: String,
}

/// A Google Workspace person translated to JumpCloud's user shape
/// (`/gsuites/{id}/import/jumpcloudusers`): no id, username or password.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
pub struct GoogleJumpCloudUser {
    pub email: String,
    pub firstname: String,
    pub lastname: String,
    pub alternate_email: String,
    pub company: String,
    pub cost_center: String,
    pub department: String,
    pub employee_identifier: String,
    pub employee_type: String,
    pub job_title: String,
    pub location: String,
    pub phone_numbers: Vec<ImportPhone>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Default)]
#[serde(default)]
pub struct GoogleJumpCloudPage {
    pub users: Vec<GoogleJumpCloudUser>,
    #[serde(rename = "nextPageToken")]
    pub next_page_token: Option<String>,
}

/// A person in a Microsoft 365 tenant (`/office365s/{id}/import/users`). JumpCloud documents
/// the first four fields; the others are Microsoft Graph's and read when present.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
pub struct MicrosoftImportUser {
    pub id: String,
    pub user_principal_name: String,
    pub given_name: String,
    pub surname: String,
    pub mail: Option<String>,
    pub job_title: Option<String>,
    pub department: Option<String>,
    pub office_location: Option<String>,
    pub employee_id: Option<String>,
    pub company_name: Option<String>,
    pub mobile_phone: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Default)]
#[serde(default)]
pub struct MicrosoftImportPage {
    pub users: Vec<MicrosoftImportUser>,
    #[serde(rename = "skipToken")]
    pub skip_token: Option<String>,
}
