//! The command-line interface (clap derive). New commands go in as new variants.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// Roster: bring people into JumpCloud from a spreadsheet.
#[derive(Debug, Parser)]
#[command(name = "roster-cli", version, about, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Work with CSV files of users.
    #[command(subcommand)]
    Csv(CsvCommand),
}

#[derive(Debug, Subcommand)]
pub enum CsvCommand {
    /// Read a CSV file, match its columns to JumpCloud fields and check every row (offline:
    /// nothing is sent).
    Check(CheckArgs),
    /// Print the import template: the supported headers and one example row.
    Template(TemplateArgs),
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The CSV file to check.
    pub file: PathBuf,
    /// Print the full result as JSON instead of a summary.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct TemplateArgs {
    /// Save the template to this file instead of printing it.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}
