//! `roster-cli`: Roster's import engine on the command line.
//!
//! ```text
//! roster-cli csv check FILE [--json]    read, map and check a CSV file offline
//! roster-cli csv template [--out FILE]  print (or save) the import template
//! roster-cli csv import FILE --url URL [--org-id ID] [--plan] [--json] [--update-existing]
//!                                       [--journal-dir DIR]   import into JumpCloud
//! roster-cli history (--org-id ID | --url URL) [--person USER] [--since DATE] [--json]
//!                                       what Roster changed, newest first
//! roster-cli users list --url URL [--search Q] [--state S] [--json]
//! roster-cli users show USER --url URL [--json]
//! roster-cli users add --url URL --username U --email E [--firstname ..] [--state staged|active]
//!                      [--directory NAME].. [--group NAME].. [--json]
//! ```
//!
//! Exit codes: 0 when the command did its job (for `check`: the file was read as a table,
//! whatever its rows' status), 2 when it could not (one plain line on stderr; clap's usage
//! errors also exit 2). `csv import` exits 1 when some rows failed or were not done.

mod cli;
mod csv_check;
mod csv_import;
mod csv_template;
mod history;
mod org;
mod output;
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
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => failure.report(),
    }
}
