//! The organization a command works in: the API key (keychain or environment), the client,
//! and which organization the key stands for. Shared by `csv import` and `history`.

use jumpcloud::{Client, Config, Secret, Url};
use roster_credentials::Keychain;
use roster_engine::{EngineError, OrgRef, APP_IDENTIFIER};

use crate::output::Failure;

/// The environment variable holding the API key.
pub const KEY_VARIABLE: &str = "JUMPCLOUD_API_KEY";

/// The key from the keychain (`saved_org`) or from the environment.
pub fn api_key(saved_org: Option<&str>) -> Result<Secret, Failure> {
    if let Some(saved) = saved_org {
        return match Keychain::new(APP_IDENTIFIER).load(saved) {
            Ok(Some(key)) => Ok(key),
            Ok(None) => Err(Failure::cannot(format!(
                "The keychain has no key for the saved organization \"{saved}\". Connect to it in the Roster app first, or set {KEY_VARIABLE}."
            ))),
            Err(e) => Err(Failure::cannot(format!(
                "Cannot read the keychain: {}",
                EngineError::from(e).message
            ))),
        };
    }
    match std::env::var(KEY_VARIABLE) {
        Ok(key) if !key.trim().is_empty() => Ok(Secret::new(key.trim())),
        _ => Err(Failure::cannot(format!(
            "Set {KEY_VARIABLE} to the organization's API key (or use --saved-org with an organization saved in the Roster app)."
        ))),
    }
}

/// A failure talking to JumpCloud at `url`, in the engine's words.
pub fn connection(url: &str, error: jumpcloud::Error) -> Failure {
    Failure::cannot(format!(
        "Cannot use JumpCloud at {url}: {}",
        EngineError::from(error).message
    ))
}

/// A client for `url` with the key, for the organization `org_id` when given.
pub fn client(url: &str, key: Secret, org_id: Option<&str>) -> Result<Client, Failure> {
    let parsed = Url::parse(url).map_err(|_| {
        Failure::cannot(format!(
            "\"{url}\" is not a web address. Give the console's, like https://console.jumpcloud.com."
        ))
    })?;
    let mut config = Config::new(parsed, key);
    if let Some(org) = org_id {
        config = config.org_id(org.to_owned());
    }
    Client::new(config).map_err(|e| connection(url, e))
}

/// The organization: `org_id` when given (named as JumpCloud names it, when it says), else
/// the key's only one.
pub async fn organization(
    client: &Client,
    url: &str,
    org_id: Option<&str>,
) -> Result<OrgRef, Failure> {
    let orgs = client
        .organizations()
        .await
        .map_err(|e| connection(url, e))?
        .results;
    if let Some(id) = org_id {
        let name = orgs
            .iter()
            .find(|o| o.id == id)
            .map(|o| o.display_name.clone())
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| id.to_owned());
        return Ok(OrgRef {
            id: id.to_owned(),
            name,
        });
    }
    match orgs.as_slice() {
        [one] => Ok(OrgRef {
            id: one.id.clone(),
            name: if one.display_name.is_empty() {
                one.id.clone()
            } else {
                one.display_name.clone()
            },
        }),
        [] => Err(Failure::cannot(
            "This API key gives access to no organization. Check the key, or give --org-id.",
        )),
        many => Err(Failure::cannot(format!(
            "This API key administers {} organizations. Choose one with --org-id.",
            many.len()
        ))),
    }
}

/// The organization `args` name, and a client for it.
pub async fn open_org(args: &crate::cli::OrgArgs) -> Result<roster_engine::OpenOrg, Failure> {
    let client = client(
        &args.url,
        api_key(args.saved_org.as_deref())?,
        args.org_id.as_deref(),
    )?;
    let org = organization(&client, &args.url, args.org_id.as_deref()).await?;
    Ok(roster_engine::OpenOrg { org, client })
}
