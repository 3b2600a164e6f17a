//! Connecting to a JumpCloud organization with an API key, and the saved
//! organizations: switch, test, sign out. The key goes from the form to the
//! keychain; it is never returned to the page, logged or written to a file.

use jumpcloud::{probe, Client, Config, Login, Region, Secret};
use roster_credentials::{AuthKind, SavedOrg};
use serde::{Deserialize, Serialize};
use specta::Type;
use tauri::State;

use crate::error::{AppError, ErrorCode};
use crate::state::{AppState, OrgKind, OrgSummary, Session};

/// JumpCloud's regions, as the page names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "lowercase")]
pub enum RegionCode {
    Us,
    Eu,
    In,
}

impl From<RegionCode> for Region {
    fn from(r: RegionCode) -> Self {
        match r {
            RegionCode::Us => Region::Us,
            RegionCode::Eu => Region::Eu,
            RegionCode::In => Region::In,
        }
    }
}

impl From<Region> for RegionCode {
    fn from(r: Region) -> Self {
        match r {
            Region::Us => RegionCode::Us,
            Region::Eu => RegionCode::Eu,
            Region::In => RegionCode::In,
        }
    }
}

/// A secret as typed into the form (an API key or a client secret),
/// deserialized straight into a [`Secret`].
#[derive(Deserialize, Type)]
#[serde(transparent)]
pub struct SecretInput(#[specta(type = String)] SecretString);

/// `Secret` from a JSON string, without ever keeping a plain `String` around.
pub struct SecretString(Secret);

impl<'de> Deserialize<'de> for SecretString {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(d)?;
        Ok(Self(Secret::new(raw.trim())))
    }
}

/// How the admin signs in: their API key, or a service account.
#[derive(Deserialize, Type)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum LoginInput {
    #[serde(rename_all = "camelCase")]
    ApiKey { api_key: SecretInput },
    #[serde(rename_all = "camelCase")]
    ServiceAccount {
        client_id: String,
        client_secret: SecretInput,
    },
}

impl LoginInput {
    fn login(&self) -> Result<Login, AppError> {
        match self {
            LoginInput::ApiKey { api_key } => {
                if api_key.0 .0.is_empty() {
                    return Err(AppError::new(
                        ErrorCode::Validation,
                        "Paste your JumpCloud API key first.",
                    ));
                }
                Ok(Login::ApiKey(api_key.0 .0.clone()))
            }
            LoginInput::ServiceAccount {
                client_id,
                client_secret,
            } => {
                if client_id.trim().is_empty() || client_secret.0 .0.is_empty() {
                    return Err(AppError::new(
                        ErrorCode::Validation,
                        "Paste both the service account's client ID and its client secret.",
                    ));
                }
                Ok(Login::ServiceAccount {
                    client_id: client_id.trim().to_owned(),
                    client_secret: client_secret.0 .0.clone(),
                })
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct OrgChoice {
    pub id: String,
    pub name: String,
}

/// What a key opens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ProbeResult {
    /// Where the key works.
    pub region: RegionCode,
    pub region_label: String,
    /// The key was refused in the region asked for, and works in `region`.
    pub moved: bool,
    /// The organizations it can manage (several for a multi-tenant admin).
    pub organizations: Vec<OrgChoice>,
}

/// Find out where a key works and which organizations it manages. Tries
/// the other regions when the chosen one refuses the key.
#[tauri::command]
#[specta::specta]
pub async fn probe_login(
    state: State<'_, AppState>,
    login: LoginInput,
    region: RegionCode,
) -> Result<ProbeResult, AppError> {
    let found = probe(&state.places.endpoints, &login.login()?, region.into()).await?;
    if found.organizations.is_empty() {
        return Err(AppError::new(
            ErrorCode::Forbidden,
            "This key works, but it manages no organization. Use the key of an administrator of your organization.",
        ));
    }
    Ok(ProbeResult {
        region: found.region.into(),
        region_label: found.region.label().to_owned(),
        moved: found.moved,
        organizations: found
            .organizations
            .into_iter()
            .map(|o| OrgChoice {
                id: o.id,
                name: o.display_name,
            })
            .collect(),
    })
}

/// Connect: check the key works for the organization, keep the key in the
/// keychain, remember the organization, and open it.
#[tauri::command]
#[specta::specta]
pub async fn connect(
    state: State<'_, AppState>,
    login: LoginInput,
    region: RegionCode,
    org_id: String,
) -> Result<OrgSummary, AppError> {
    let login = login.login()?;
    let region = Region::from(region);
    let endpoints = &state.places.endpoints;
    let lister = Client::new(Config::with_credentials(
        endpoints.url(region),
        login.credentials(endpoints, region),
    ))?;
    let orgs = lister.organizations().await?.results;
    let org = orgs.iter().find(|o| o.id == org_id).ok_or_else(|| {
        AppError::new(
            ErrorCode::NotFound,
            "This key does not manage that organization. Pick one from the list.",
        )
    })?;
    let multi_tenant = orgs.len() > 1;
    let saved = SavedOrg {
        id: SavedOrg::make_id(region, &org.id),
        name: org.display_name.clone(),
        region,
        org_id: org.id.clone(),
        multi_tenant,
        auth: match &login {
            Login::ApiKey(_) => AuthKind::ApiKey,
            Login::ServiceAccount { client_id, .. } => AuthKind::ServiceAccount {
                client_id: client_id.clone(),
            },
        },
    };
    let client = client_for(&state, &saved, &login)?;
    // Prove the key can read users before keeping anything.
    client.list_users(0, 1).await?;

    let secret = match &login {
        Login::ApiKey(key) => key,
        Login::ServiceAccount { client_secret, .. } => client_secret,
    };
    state.places.keychain.store(&saved.id, secret)?;
    state.places.saved.upsert(saved.clone())?;
    let summary = summary_of(&saved);
    state
        .open(Session {
            org: summary.clone(),
            org_id: saved.org_id.clone(),
            client,
            practice: None,
        })
        .await;
    Ok(summary)
}

/// A saved organization, as the switcher lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct SavedOrgView {
    pub id: String,
    pub name: String,
    pub region_label: String,
}

#[tauri::command]
#[specta::specta]
pub async fn saved_orgs(state: State<'_, AppState>) -> Result<Vec<SavedOrgView>, AppError> {
    Ok(state.places.saved.list()?.iter().map(view).collect())
}

/// Open a saved organization with its key from the keychain.
#[tauri::command]
#[specta::specta]
pub async fn switch_org(state: State<'_, AppState>, id: String) -> Result<OrgSummary, AppError> {
    let saved = state
        .places
        .saved
        .list()?
        .into_iter()
        .find(|o| o.id == id)
        .ok_or_else(|| {
            AppError::new(
                ErrorCode::NotFound,
                "That organization is no longer saved in Roster. Connect to it again.",
            )
        })?;
    let secret = state.places.keychain.load(&saved.id)?.ok_or_else(|| {
        AppError::new(
            ErrorCode::NotConnected,
            format!("The key for {} is no longer in this computer's keychain. Connect to it again with its API key.", saved.name),
        )
    })?;
    let login = match &saved.auth {
        AuthKind::ApiKey => Login::ApiKey(secret),
        AuthKind::ServiceAccount { client_id } => Login::ServiceAccount {
            client_id: client_id.clone(),
            client_secret: secret,
        },
    };
    let client = client_for(&state, &saved, &login)?;
    let summary = summary_of(&saved);
    state
        .open(Session {
            org: summary.clone(),
            org_id: saved.org_id.clone(),
            client,
            practice: None,
        })
        .await;
    Ok(summary)
}

/// Check that the open organization can be reached with its key, and say
/// what is wrong in plain words when it cannot.
#[tauri::command]
#[specta::specta]
pub async fn test_connection(state: State<'_, AppState>) -> Result<String, AppError> {
    let client = state.client().await.ok_or_else(AppError::not_connected)?;
    let org = state.org().await.ok_or_else(AppError::not_connected)?;
    let page = client.list_users(0, 1).await?;
    Ok(format!(
        "Connected. Roster reached {} and your key works ({} people).",
        org.name, page.total_count
    ))
}

/// Forget a saved organization: its key is removed from the keychain.
#[tauri::command]
#[specta::specta]
pub async fn sign_out(
    state: State<'_, AppState>,
    id: String,
) -> Result<Vec<SavedOrgView>, AppError> {
    state.places.keychain.delete(&id)?;
    let remaining = state.places.saved.remove(&id)?;
    state.close_if(&id).await;
    Ok(remaining.iter().map(view).collect())
}

fn client_for(state: &AppState, saved: &SavedOrg, login: &Login) -> Result<Client, AppError> {
    let endpoints = &state.places.endpoints;
    let mut config = Config::with_credentials(
        endpoints.url(saved.region),
        login.credentials(endpoints, saved.region),
    );
    if saved.multi_tenant {
        config = config.org_id(saved.org_id.clone());
    }
    Ok(Client::new(config)?)
}

fn summary_of(saved: &SavedOrg) -> OrgSummary {
    OrgSummary {
        name: saved.name.clone(),
        kind: OrgKind::Jumpcloud,
        location: format!("JumpCloud, {} region", saved.region.label()),
        saved_id: Some(saved.id.clone()),
    }
}

fn view(saved: &SavedOrg) -> SavedOrgView {
    SavedOrgView {
        id: saved.id.clone(),
        name: saved.name.clone(),
        region_label: saved.region.label().to_owned(),
    }
}
