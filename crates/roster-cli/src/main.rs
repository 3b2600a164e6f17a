//! `roster-cli`: Roster's import engine on the command line.
//!
//! ```text
//! roster-cli csv check FILE [--sheet NAME] [--json]
//!                                       read, map and check a CSV file or a workbook offline
//! roster-cli csv template [--out FILE]  print (or save) the import template
//! roster-cli csv import FILE --url URL [--org-id ID] [--plan] [--json] [--update-existing]
//!                                       [--journal-dir DIR]   import into JumpCloud
//! roster-cli history (--org-id ID | --url URL) [--person USER] [--since DATE] [--json]
//!                                       what Roster changed, newest first
//! roster-cli users list --url URL [--search Q] [--state S] [--json]
//! roster-cli users show USER --url URL [--json]
//! roster-cli users add --url URL --username U --email E [--firstname ..] [--state staged|active]
//!                      [--directory NAME].. [--group NAME].. [--json]
//! roster-cli users suspend|reactivate (USER.. | --csv FILE) --url URL [--at DATETIME]
//!                      [--reason TEXT] [--plan] [--yes] [--confirm-count N] [--json]
//! roster-cli users delete (USER.. | --csv FILE) --url URL [--reassign-reports-to USER |
//!                      --clear-manager] [--plan] [--yes] [--confirm-count N] [--json]
//! roster-cli archive list|show ID|restore ID --url URL [--json]
//! roster-cli schedule list|cancel ID --url URL [--json]
//! roster-cli protect list|add USER..|remove USER.. --url URL
//! roster-cli import google|microsoft --url URL [--directory NAME] [--search Q]
//!                      [--select EMAIL].. [--all-new] [--username-from email|first.last|flast]
//!                      [--state staged|active] [--no-email] [--update-existing] [--plan] [--json]
//! ```
//!
//! Exit codes: 0 when the command did its job (for `check`: the file was read as a table,
//! whatever its rows' status), 2 when it could not (one plain line on stderr; clap's usage
//! errors also exit 2). `csv import` and `import` exit 1 when some rows failed or were not done.

mod cli;
mod csv_check;
mod csv_import;
mod csv_template;
mod history;
mod offboard;
mod org;
mod output;
mod platform_import;
mod users;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    let result = match cli.command {
        cli::Command::Csv(cli::CsvCommand::Check(args)) => csv_check::run(&args),
        cli::Command::Csv(cli::CsvCommand::Template(args)) => csv_template::run(&args),
        cli::Command::Csv(cli::CsvCommand::Import(args)) => csv_import::run(&args),
        cli::Command::History(args) => history::run(&args),
        cli::Command::Users(cli::UsersCommand::List(args)) => users::list(&args),
        cli::Command::Users(cli::UsersCommand::Show(args)) => users::show(&args),
        cli::Command::Users(cli::UsersCommand::Add(args)) => users::add(&args),
        cli::Command::Users(cli::UsersCommand::Suspend(args)) => offboard::suspend(&args, false),
        cli::Command::Users(cli::UsersCommand::Reactivate(args)) => offboard::suspend(&args, true),
        cli::Command::Users(cli::UsersCommand::Delete(args)) => offboard::delete(&args),
        cli::Command::Archive(args) => offboard::archive(&args),
        cli::Command::Schedule(args) => offboard::schedule(&args),
        cli::Command::Protect(args) => offboard::protect(&args),
        cli::Command::Import(cli::PlatformCommand::Google(args)) => {
            platform_import::run(&args, roster_engine::platform::Platform::Google)
        }
        cli::Command::Import(cli::PlatformCommand::Microsoft(args)) => {
            platform_import::run(&args, roster_engine::platform::Platform::Microsoft)
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => failure.report(),
    }
}
