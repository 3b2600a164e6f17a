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
    /// Show what Roster changed in an organization (from the app and the CLI), newest first.
    History(HistoryArgs),
    /// List, show, add, suspend, reactivate and delete people.
    #[command(subcommand)]
    Users(UsersCommand),
    /// Deleted people's archives: list, show, add them back.
    #[command(subcommand)]
    Archive(ArchiveCommand),
    /// Changes JumpCloud will make on a date: list, cancel.
    #[command(subcommand)]
    Schedule(ScheduleCommand),
    /// People Roster never suspends or deletes: add, remove, list.
    #[command(subcommand)]
    Protect(ProtectCommand),
    /// Import people from the organization's Google Workspace or Microsoft 365: without
    /// --select or --all-new, list them and where they stand.
    #[command(subcommand)]
    Import(PlatformCommand),
}

/// How an import runs and where it keeps its records (`csv import` and `import`).
#[derive(Debug, Args)]
pub struct JobArgs {
    /// Where the import journal is kept (default: the Roster app's own folder, so the app and
    /// the CLI resume each other's imports).
    #[arg(long, value_name = "DIR")]
    pub journal_dir: Option<PathBuf>,
    /// Where to save the CSV report (default: beside the file,
    /// NAME-roster-report-TIMESTAMP.csv; for a platform, Roster's reports folder).
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// Rows sent at the same time.
    #[arg(long, value_name = "N", default_value_t = roster_bulk::DEFAULT_CONCURRENCY)]
    pub concurrency: usize,
    /// Roster's data folder, for History (default: the Roster app's own).
    #[arg(long, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum PlatformCommand {
    /// From Google Workspace.
    Google(Box<PlatformArgs>),
    /// From Microsoft 365.
    Microsoft(Box<PlatformArgs>),
}

#[derive(Debug, Args)]
pub struct PlatformArgs {
    #[command(flatten)]
    pub org: OrgArgs,
    /// Which of the organization's directories of this platform (its name or id; needed
    /// when there are several).
    #[arg(long, value_name = "NAME")]
    pub directory: Option<String>,
    /// The platform's own search (Google: `email:jane*`, `givenName:Jane`; Microsoft: words).
    #[arg(long, value_name = "Q")]
    pub search: Option<String>,
    /// Import this person (their email or the platform's id); repeatable.
    #[arg(long, value_name = "EMAIL")]
    pub select: Vec<String>,
    /// Import everyone listed who is not in JumpCloud yet.
    #[arg(long)]
    pub all_new: bool,
    /// How usernames are made: email (the part before @), first.last or flast.
    #[arg(long, value_name = "HOW", default_value = "email")]
    pub username_from: String,
    /// The state new people start in: staged or active (default: the organization's
    /// default for imported people).
    #[arg(long, value_name = "S")]
    pub state: Option<String>,
    /// Active new people get no activation email from JumpCloud.
    #[arg(long)]
    pub no_email: bool,
    /// Also update the details of people already in JumpCloud from the platform.
    #[arg(long)]
    pub update_existing: bool,
    /// Stop after the preview: print what would happen to each person, send nothing.
    #[arg(long)]
    pub plan: bool,
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub job: JobArgs,
}

/// Who to suspend or reactivate, and how to confirm.
#[derive(Debug, Args)]
pub struct OffboardArgs {
    /// Usernames, emails or ids.
    pub users: Vec<String>,
    #[command(flatten)]
    pub org: OrgArgs,
    /// A CSV with a Username or Email column instead of names.
    #[arg(long, value_name = "FILE")]
    pub csv: Option<PathBuf>,
    /// Do it on this date and time (RFC 3339, e.g. 2027-01-31T17:00:00Z), by JumpCloud.
    #[arg(long, value_name = "DATETIME")]
    pub at: Option<String>,
    /// Why (kept in History).
    #[arg(long, value_name = "TEXT")]
    pub reason: Option<String>,
    #[command(flatten)]
    pub confirm: ConfirmArgs,
}

/// How an offboarding is confirmed, and where it keeps its records.
#[derive(Debug, Args)]
pub struct ConfirmArgs {
    /// Only say what would happen.
    #[arg(long)]
    pub plan: bool,
    /// Do not ask (needed without a terminal).
    #[arg(long)]
    pub yes: bool,
    /// For more than 20 people or 5% of the organization: the exact count, to confirm.
    #[arg(long, value_name = "N")]
    pub confirm_count: Option<usize>,
    #[arg(long)]
    pub json: bool,
    /// Roster's data folder (History, archives, protected people).
    #[arg(long, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct DeleteArgs {
    /// Usernames, emails or ids.
    pub users: Vec<String>,
    #[command(flatten)]
    pub org: OrgArgs,
    #[arg(long, value_name = "FILE")]
    pub csv: Option<PathBuf>,
    /// The people they manage get this manager.
    #[arg(long, value_name = "USER")]
    pub reassign_reports_to: Option<String>,
    /// The people they manage get no manager.
    #[arg(long)]
    pub clear_manager: bool,
    #[command(flatten)]
    pub confirm: ConfirmArgs,
}

/// The options every archive, schedule and protect command takes.
#[derive(Debug, Args)]
pub struct Common {
    #[command(flatten)]
    pub org: OrgArgs,
    #[arg(long)]
    pub json: bool,
    /// Roster's data folder (archives, protected people).
    #[arg(long, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    #[command(flatten)]
    pub common: Common,
    /// Every archive, also of people whose delete did not go through.
    #[arg(long)]
    pub all: bool,
}

#[derive(Debug, Args)]
pub struct IdArgs {
    pub id: String,
    #[command(flatten)]
    pub common: Common,
}

#[derive(Debug, Args)]
pub struct PeopleArgs {
    /// Usernames, emails or ids.
    pub users: Vec<String>,
    #[command(flatten)]
    pub common: Common,
}

#[derive(Debug, Subcommand)]
pub enum ArchiveCommand {
    /// The people deleted with Roster, newest first.
    List(ListArgs),
    /// One archive, as JSON.
    Show(IdArgs),
    /// Add the person back from their archive.
    Restore(IdArgs),
}

#[derive(Debug, Subcommand)]
pub enum ScheduleCommand {
    /// Everything scheduled in the organization.
    List(Common),
    /// Cancel one scheduled change.
    Cancel(IdArgs),
}

#[derive(Debug, Subcommand)]
pub enum ProtectCommand {
    List(Common),
    Add(PeopleArgs),
    Remove(PeopleArgs),
}

/// Which organization, and how to reach it (as for `csv import`).
#[derive(Debug, Args)]
pub struct OrgArgs {
    /// The JumpCloud console URL (https://console.jumpcloud.com, the EU or IN console, or a
    /// sandbox's http://127.0.0.1:PORT). The API key comes from JUMPCLOUD_API_KEY.
    #[arg(long, value_name = "URL")]
    pub url: String,
    /// The organization (needed when the key administers several).
    #[arg(long, value_name = "ID")]
    pub org_id: Option<String>,
    /// Take the API key from the keychain entry of an organization saved in the Roster app
    /// (its id in the app's list) instead of JUMPCLOUD_API_KEY.
    #[arg(long, value_name = "ID")]
    pub saved_org: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum UsersCommand {
    /// List the organization's people (sorted by name), searched and filtered like the app.
    List(UsersListArgs),
    /// Show one person: details, directories and groups.
    Show(UsersShowArgs),
    /// Add one person, checked like the app's form first (nothing is created on bad input).
    Add(Box<UsersAddArgs>),
    /// Suspend people (no sign-in; data kept; still billed), now or --at a date.
    Suspend(Box<OffboardArgs>),
    /// Reactivate suspended people (or activate not-yet-activated ones), now or --at a date.
    Reactivate(Box<OffboardArgs>),
    /// Delete people: archived first; permanent in JumpCloud.
    Delete(Box<DeleteArgs>),
}

#[derive(Debug, Args)]
pub struct UsersListArgs {
    #[command(flatten)]
    pub org: OrgArgs,
    /// Words to find in the name, username, email, employee id, department or job title.
    #[arg(long, value_name = "Q")]
    pub search: Option<String>,
    /// active, staged (not yet activated) or suspended.
    #[arg(long, value_name = "S")]
    pub state: Option<String>,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct UsersShowArgs {
    /// A username, email or id.
    pub user: String,
    #[command(flatten)]
    pub org: OrgArgs,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct UsersAddArgs {
    #[command(flatten)]
    pub org: OrgArgs,
    #[arg(long)]
    pub username: String,
    #[arg(long)]
    pub email: String,
    #[arg(long)]
    pub firstname: Option<String>,
    #[arg(long)]
    pub lastname: Option<String>,
    #[arg(long)]
    pub employee_id: Option<String>,
    #[arg(long)]
    pub job_title: Option<String>,
    #[arg(long)]
    pub department: Option<String>,
    /// Their manager's username, email or id.
    #[arg(long)]
    pub manager: Option<String>,
    #[arg(long)]
    pub phone: Option<String>,
    #[arg(long)]
    pub location: Option<String>,
    /// staged (not yet activated) or active; default: the organization's default.
    #[arg(long, value_name = "STATE")]
    pub state: Option<String>,
    /// A directory to bind them to, by name (repeat for several).
    #[arg(long = "directory", value_name = "NAME")]
    pub directories: Vec<String>,
    /// A group to add them to, by name (repeat for several).
    #[arg(long = "group", value_name = "NAME")]
    pub groups: Vec<String>,
    #[arg(long)]
    pub json: bool,
    /// Roster's data folder, for History and the journal (default: the Roster app's own).
    #[arg(long, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// The organization's id. Without it, --url and the API key find the key's organization.
    #[arg(long, value_name = "ID")]
    pub org_id: Option<String>,
    /// The JumpCloud console URL, to find the organization from the API key.
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
    /// Take the API key from the keychain entry of an organization saved in the Roster app.
    #[arg(long, value_name = "ID")]
    pub saved_org: Option<String>,
    /// Only changes to this person: part of a username or email address, or a user id.
    #[arg(long, value_name = "USER")]
    pub person: Option<String>,
    /// Only changes on or after this day (YYYY-MM-DD, UTC).
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Print the entries as a JSON array.
    #[arg(long)]
    pub json: bool,
    /// Roster's data folder (default: the Roster app's own, which the app and the CLI share).
    #[arg(long, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum CsvCommand {
    /// Read a CSV file, match its columns to JumpCloud fields and check every row (offline:
    /// nothing is sent).
    Check(CheckArgs),
    /// Print the import template: the supported headers and one example row.
    Template(TemplateArgs),
    /// Import the users of a CSV file into a JumpCloud organization. Re-running the same
    /// file resumes an interrupted import and retries failed rows; nothing is done twice.
    Import(ImportArgs),
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The file to check: CSV (or TSV, text), or a workbook (.xlsx, .xlsm, .xlsb, .xls, .ods).
    pub file: PathBuf,
    /// The workbook's sheet to check (default: the first visible one with a header row).
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    /// Print the full result as JSON instead of a summary.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct TemplateArgs {
    /// Save the template to this file instead of printing it.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Every column Roster imports, not only the common ones.
    #[arg(long)]
    pub all: bool,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The CSV file to import.
    pub file: PathBuf,
    #[command(flatten)]
    pub org: OrgArgs,
    /// Stop after the preview: print what would happen to each row, send nothing.
    #[arg(long)]
    pub plan: bool,
    /// Print the result as JSON.
    #[arg(long)]
    pub json: bool,
    /// Update users that already exist (by default they are skipped).
    #[arg(long)]
    pub update_existing: bool,
    /// With --update-existing: also suspend or reactivate people when the State column says
    /// so (by default their state is left as it is). Suspended people are still billed.
    #[arg(long)]
    pub change_state: bool,
    #[command(flatten)]
    pub job: JobArgs,
}
