//! `roster-cli csv template [--all] [--out FILE]`: the common columns, or every one.

use crate::cli::TemplateArgs;
use crate::output::{to_stdout, Failure};

pub fn run(args: &TemplateArgs) -> Result<(), Failure> {
    let text = roster_import::template_csv_for(args.all);
    match &args.out {
        Some(path) => std::fs::write(path, text).map_err(|err| {
            Failure::cannot(format!(
                "Cannot save the template to \"{}\": {}.",
                path.display(),
                crate::csv_check::plain_io_error(&err)
            ))
        }),
        None => to_stdout(|out| out.write_all(text.as_bytes())),
    }
}
