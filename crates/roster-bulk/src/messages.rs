//! Sentences for an office admin: what went wrong with a row and what to do about it.

use jumpcloud::{Error, ErrorKind};

/// What Roster was doing when a call failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step<'a> {
    Create,
    Update,
    LookUp,
    Group(&'a str),
    Directory(&'a str),
    LeaveGroup(&'a str),
    Unbind(&'a str),
    Suspend,
    Reactivate,
    Delete,
    Schedule,
    CancelSchedule,
}

impl Step<'_> {
    fn doing(&self) -> String {
        match self {
            Step::Create => "Creating the user failed".to_owned(),
            Step::Update => "Updating the user failed".to_owned(),
            Step::LookUp => "Looking the user up in JumpCloud failed".to_owned(),
            Step::Group(name) => format!("Adding the user to the group \"{name}\" failed"),
            Step::Directory(name) => {
                format!("Binding the user to the directory \"{name}\" failed")
            }
            Step::LeaveGroup(name) => {
                format!("Taking the user out of the group \"{name}\" failed")
            }
            Step::Unbind(name) => {
                format!("Unbinding the user from the directory \"{name}\" failed")
            }
            Step::Suspend => "Suspending the user failed".to_owned(),
            Step::Reactivate => "Reactivating the user failed".to_owned(),
            Step::Delete => "Deleting the user failed".to_owned(),
            Step::Schedule => "Scheduling the change of state failed".to_owned(),
            Step::CancelSchedule => "Cancelling the scheduled change failed".to_owned(),
        }
    }
}

/// One or two sentences: the step, what happened in plain words, what to do.
pub fn describe(step: Step<'_>, error: &Error) -> String {
    let mut text = format!("{}: {}", step.doing(), explain(error));
    if error.outcome_unknown {
        text.push_str(
            " It is not known whether JumpCloud saved the change; running the rows again checks first, so nothing is done twice.",
        );
    }
    text
}

/// What an error means, in plain words, with JumpCloud's own details where they help.
pub fn explain(error: &Error) -> String {
    let said = server_words(error);
    match error.kind {
        ErrorKind::BadKey => "JumpCloud did not accept the API key. It may have been revoked or replaced: connect again with a current key.".to_owned(),
        ErrorKind::WrongRegion => "This API key belongs to another JumpCloud region. Connect to the region where the organization is.".to_owned(),
        ErrorKind::Forbidden => "the API key is not allowed to make this change. Ask an administrator with more rights to run the import.".to_owned(),
        ErrorKind::NotFound => "JumpCloud could not find it any more; it may have been deleted meanwhile. Check it in the JumpCloud console, then retry the failed rows.".to_owned(),
        ErrorKind::Conflict => match said {
            Some(said) => format!("JumpCloud already has this ({said}). Change the value in the file, or update the existing user instead."),
            None => "JumpCloud already has a user with this username, email address or employee ID. Change the value in the file, or update the existing user instead.".to_owned(),
        },
        // Refused by Roster itself, before anything was sent (no answer from JumpCloud).
        ErrorKind::Validation if error.status.is_none() => {
            format!("Roster did not send it: {}.", error.message)
        }
        ErrorKind::Validation => {
            let details: Vec<String> = error
                .fields
                .iter()
                .map(|f| format!("{}: {}", f.field, f.problem))
                .collect();
            let mut text = "JumpCloud refused the values of this row".to_owned();
            if let Some(said) = said {
                text.push_str(&format!(" ({said})"));
            }
            if !details.is_empty() {
                text.push_str(&format!("; the fields it named: {}", details.join(", ")));
            }
            text.push_str(". Fix the row in the file, then retry the failed rows.");
            text
        }
        ErrorKind::RateLimited => "JumpCloud kept asking Roster to slow down, so the row was not finished. Retry the failed rows in a few minutes.".to_owned(),
        ErrorKind::Offline => "the connection to JumpCloud failed or timed out. Check the network, then retry the failed rows.".to_owned(),
        ErrorKind::Server => "JumpCloud had a temporary problem on its side. Retry the failed rows in a few minutes.".to_owned(),
        ErrorKind::Decode => "JumpCloud answered in a way this version of Roster does not understand. Retry later, or update Roster.".to_owned(),
    }
}

/// JumpCloud's own message without its "Bad Request: " boilerplate.
fn server_words(error: &Error) -> Option<String> {
    let said = error.server_message.as_deref()?.trim();
    let said = said.strip_prefix("Bad Request: ").unwrap_or(said);
    let said = said.strip_prefix("User already exists: ").unwrap_or(said);
    let said: String = said.chars().take(300).collect();
    (!said.is_empty()).then_some(said)
}

/// The plan's message for a name no group has.
pub fn unknown_group(name: &str) -> String {
    format!(
        "there is no group named \"{name}\" in this organization. Check the spelling, or create the group in JumpCloud first."
    )
}

pub fn ambiguous_group(name: &str, count: usize) -> String {
    format!(
        "this organization has {count} groups named \"{name}\", so Roster cannot tell which one is meant. Rename them in JumpCloud so the names differ."
    )
}

pub fn unknown_directory(name: &str) -> String {
    format!(
        "there is no directory named \"{name}\" in this organization. Check the spelling, or connect the directory in JumpCloud first."
    )
}

pub fn ambiguous_directory(name: &str, count: usize) -> String {
    format!(
        "this organization has {count} directories named \"{name}\", so Roster cannot tell which one is meant. Rename them in JumpCloud so the names differ."
    )
}

pub fn unbindable_directory(name: &str) -> String {
    format!(
        "Roster cannot add users to the directory \"{name}\" (a kind of directory it does not know). Bind the users in the JumpCloud console instead."
    )
}

pub fn email_taken(email: &str, other: &str) -> String {
    format!(
        "\"{email}\" already belongs to the JumpCloud user \"{other}\". Each user needs their own email address: change it in the file."
    )
}

pub fn employee_id_taken(id: &str, other: &str) -> String {
    format!(
        "\"{id}\" already belongs to the JumpCloud user \"{other}\". Each user needs their own employee ID: change it in the file."
    )
}

pub fn unknown_manager(manager: &str) -> String {
    format!(
        "there is no JumpCloud user \"{manager}\" (Roster looks for a username, an email address or a user id). Check the spelling, or import the manager first."
    )
}

pub fn matched_by_email(email: &str, existing: &str) -> String {
    format!(
        "JumpCloud already has \"{email}\" under the username \"{existing}\". Roster treats this row as that user and keeps the username \"{existing}\"."
    )
}

pub fn staged_not_for_update() -> String {
    "an existing user cannot be set back to STAGED, so the state is left as it is.".to_owned()
}

pub fn username_taken(username: &str, other: &jumpcloud::models::SystemUser) -> String {
    format!(
        "the username \"{username}\" belongs to someone else in JumpCloud ({}). Type another username, or make usernames another way.",
        if other.email.is_empty() { &other.username } else { &other.email }
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use jumpcloud::FieldProblem;

    #[test]
    fn validation_names_the_fields() {
        let mut error = Error::new(
            ErrorKind::Validation,
            "JumpCloud answered 400: Bad Request: Password validation fail",
        );
        error.status = Some(400);
        error.server_message = Some("Bad Request: Password validation fail".into());
        error.fields = vec![FieldProblem {
            field: "password".into(),
            problem: "specialCharacter".into(),
        }];
        let text = describe(Step::Create, &error);
        assert_eq!(
            text,
            "Creating the user failed: JumpCloud refused the values of this row (Password validation fail); the fields it named: password: specialCharacter. Fix the row in the file, then retry the failed rows."
        );
    }

    #[test]
    fn what_roster_refused_itself_is_said_as_such() {
        let error = Error::new(ErrorKind::Validation, "no archive of the person at /x.json");
        assert_eq!(
            describe(Step::Delete, &error),
            "Deleting the user failed: Roster did not send it: no archive of the person at /x.json."
        );
    }

    #[test]
    fn conflicts_quote_what_is_taken() {
        let mut error = Error::new(
            ErrorKind::Conflict,
            "JumpCloud answered 400: Bad Request: User already exists: username \"ada\" is already taken",
        );
        error.server_message =
            Some("Bad Request: User already exists: username \"ada\" is already taken".into());
        assert!(explain(&error).contains("(username \"ada\" is already taken)"));
    }

    #[test]
    fn unknown_outcomes_say_so() {
        let mut error = Error::new(ErrorKind::Server, "JumpCloud answered 503: x");
        error.outcome_unknown = true;
        let text = describe(Step::Group("Sales"), &error);
        assert!(text.starts_with(
            "Adding the user to the group \"Sales\" failed: JumpCloud had a temporary problem"
        ));
        assert!(text.contains("checks first"));
    }
}
