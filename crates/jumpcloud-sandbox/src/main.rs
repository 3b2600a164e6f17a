//! `jumpcloud-sandbox`: run the fake JumpCloud API from the command line.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use jumpcloud_sandbox::SandboxBuilder;

/// A local fake of the JumpCloud REST API (V1 under /api, V2 under /api/v2).
#[derive(Debug, Parser)]
#[command(name = "jumpcloud-sandbox", version)]
struct Args {
    /// Port to listen on (127.0.0.1); 0 picks a free one.
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// The API key clients must send in x-api-key.
    #[arg(long, value_name = "KEY", default_value = "sandbox-key")]
    api_key: String,
    /// How many users to seed per organization.
    #[arg(long, value_name = "N", default_value_t = 40)]
    seed_users: usize,
    /// How many people not yet in JumpCloud each Google Workspace and Microsoft 365 directory
    /// holds (24 and 18 when not given).
    #[arg(long, value_name = "N")]
    platform_people: Option<usize>,
    /// Delay every request by this many milliseconds.
    #[arg(long, value_name = "MS", default_value_t = 0)]
    latency_ms: u64,
    /// Allow this many requests per second; more get 429 with Retry-After.
    #[arg(long, value_name = "REQ_PER_S")]
    rate_limit: Option<f64>,
    /// Fraction (0..1) of requests answered with a 5xx before doing anything.
    #[arg(long, value_name = "P", default_value_t = 0.0)]
    fault_rate: f64,
    /// Fraction (0..1) of requests whose connection is cut after the change is made.
    #[arg(long, value_name = "P", default_value_t = 0.0)]
    drop_rate: f64,
    /// Load state from FILE if it exists and save it there after every change.
    #[arg(long, value_name = "FILE")]
    state: Option<PathBuf>,
    /// Make the key a multi-tenant admin of N organizations (requests must send x-org-id).
    #[arg(long, value_name = "N")]
    orgs: Option<usize>,
    /// Register a service account (OAuth 2 client credentials at POST /oauth2/token); repeatable.
    #[arg(long, value_name = "ID:SECRET", value_parser = parse_service_account)]
    service_account: Vec<(String, String)>,
    /// Lifetime of service-account access tokens in seconds.
    #[arg(long, value_name = "SECS", default_value_t = 3600)]
    token_ttl: u64,
}

/// `ID:SECRET`, split at the first colon (the secret may contain colons, the id may not).
fn parse_service_account(s: &str) -> Result<(String, String), String> {
    match s.split_once(':') {
        Some((id, secret)) if !id.is_empty() && !secret.is_empty() => {
            Ok((id.to_string(), secret.to_string()))
        }
        _ => Err("expected ID:SECRET with a non-empty id and secret".into()),
    }
}

async fn wait_for_stop() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    let mut builder = SandboxBuilder::new()
        .port(args.port)
        .api_key(args.api_key)
        .seed_users(args.seed_users)
        .latency_ms(args.latency_ms)
        .fault_rate(args.fault_rate)
        .drop_rate(args.drop_rate)
        .token_ttl_secs(args.token_ttl);
    let client_ids: Vec<String> = args
        .service_account
        .iter()
        .map(|(id, _)| id.clone())
        .collect();
    for (id, secret) in args.service_account {
        builder = builder.service_account(id, secret);
    }
    if let Some(r) = args.rate_limit {
        builder = builder.rate_limit(r);
    }
    if let Some(n) = args.platform_people {
        builder = builder.platform_people(n);
    }
    if let Some(path) = args.state {
        builder = builder.state_file(path);
    }
    if let Some(n) = args.orgs {
        builder = builder.multi_tenant_orgs(n);
    }
    let sandbox = match builder.start().await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("jumpcloud-sandbox: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "listening on {}", sandbox.base_url());
    let _ = out.flush();
    drop(out);
    eprintln!(
        "api key: {}  organization: {}  (Ctrl-C to stop)",
        sandbox.api_key(),
        sandbox.org_id()
    );
    if !client_ids.is_empty() {
        // Client ids only: secrets are never printed.
        eprintln!(
            "service accounts: {}  (tokens: POST {}/oauth2/token)",
            client_ids.join(", "),
            sandbox.base_url()
        );
    }
    wait_for_stop().await;
    sandbox.shutdown().await;
    ExitCode::SUCCESS
}
