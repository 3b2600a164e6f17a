//! What the people list, the profile and the "Add one person" form show, as the UI gets it
//! (mirrored in TypeScript by the generated bindings). Made from the core's types.

use jumpcloud::models::{Directory, GraphObject, SystemUser, UserGroup, UserState};
use roster_engine::people::{display_name, Facet, Facets, PeopleIndex};
use roster_engine::person::{detail, side_effect, FieldIssue, PersonCheck, EDITABLE_DETAILS};
use roster_engine::{PeopleQuery, PersonState, SortKey, StartState};
use serde::{Deserialize, Serialize};
use specta::Type;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum AccountState {
    /// Created but not yet activated: the person cannot sign in yet.
    Staged,
    Active,
    /// Cannot sign in; data is kept.
    Suspended,
}

impl From<PersonState> for AccountState {
    fn from(s: PersonState) -> Self {
        match s {
            PersonState::Staged => Self::Staged,
            PersonState::Active => Self::Active,
            PersonState::Suspended => Self::Suspended,
        }
    }
}

impl From<AccountState> for PersonState {
    fn from(s: AccountState) -> Self {
        match s {
            AccountState::Staged => Self::Staged,
            AccountState::Active => Self::Active,
            AccountState::Suspended => Self::Suspended,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum PeopleSort {
    #[default]
    Name,
    Username,
    Email,
    Department,
    JobTitle,
    Location,
    State,
    Created,
}

/// The list's search, filters and order (kept in the route by the UI).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase", default)]
pub struct PeopleFilter {
    pub search: String,
    pub state: Option<AccountState>,
    pub department: Option<String>,
    pub location: Option<String>,
    /// A directory id.
    pub directory: Option<String>,
    /// A group id.
    pub group: Option<String>,
    pub created_within_days: Option<u32>,
    pub sort: PeopleSort,
    pub descending: bool,
}

impl From<&PeopleFilter> for PeopleQuery {
    fn from(f: &PeopleFilter) -> Self {
        let blank = |v: &Option<String>| v.clone().filter(|s| !s.trim().is_empty());
        PeopleQuery {
            search: f.search.clone(),
            state: f.state.map(PersonState::from),
            department: blank(&f.department),
            location: blank(&f.location),
            directory: blank(&f.directory),
            group: blank(&f.group),
            created_within_days: f.created_within_days.filter(|d| *d > 0),
            sort: match f.sort {
                PeopleSort::Name => SortKey::Name,
                PeopleSort::Username => SortKey::Username,
                PeopleSort::Email => SortKey::Email,
                PeopleSort::Department => SortKey::Department,
                PeopleSort::JobTitle => SortKey::JobTitle,
                PeopleSort::Location => SortKey::Location,
                PeopleSort::State => SortKey::State,
                PeopleSort::Created => SortKey::Created,
            },
            descending: f.descending,
        }
    }
}

/// One row of the people list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct PersonRow {
    pub id: String,
    pub username: String,
    /// The display name, or "First Last", or the username.
    pub name: String,
    pub email: String,
    pub department: String,
    pub job_title: String,
    pub location: String,
    pub employee_id: String,
    pub state: AccountState,
    /// RFC 3339, when JumpCloud says.
    pub created: Option<String>,
}

impl PersonRow {
    pub fn of(user: &SystemUser) -> Self {
        Self {
            id: user.id.clone(),
            username: user.username.clone(),
            name: display_name(user),
            email: user.email.clone(),
            department: user.department.clone(),
            job_title: user.job_title.clone(),
            location: user.location.clone(),
            employee_id: user.employee_identifier.clone(),
            state: PersonState::of(user).into(),
            created: user.created.clone(),
        }
    }
}

/// A window of the list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct PeoplePage {
    /// Everyone in the organization.
    pub total: u32,
    /// How many match the filter.
    pub matching: u32,
    /// Where `rows` starts among the matching.
    pub offset: u32,
    pub rows: Vec<PersonRow>,
    /// When the organization was read (RFC 3339).
    pub loaded_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct Choice {
    pub id: String,
    pub name: String,
    pub count: u32,
}

impl From<&Facet> for Choice {
    fn from(f: &Facet) -> Self {
        Self {
            id: f.id.clone(),
            name: f.name.clone(),
            count: small(f.count),
        }
    }
}

/// A directory people can be bound to, with what binding and unbinding do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct DirectoryChoice {
    pub id: String,
    pub name: String,
    /// "Google Workspace", "Microsoft 365", ...
    pub kind: String,
    pub count: u32,
    pub bind_effect: String,
    pub unbind_effect: String,
}

impl DirectoryChoice {
    pub fn of(d: &Directory, count: usize) -> Self {
        Self {
            id: d.id.clone(),
            name: if d.name.trim().is_empty() {
                d.kind.label().to_owned()
            } else {
                d.name.clone()
            },
            kind: d.kind.label().to_owned(),
            count: small(count),
            bind_effect: side_effect(&d.kind, true).to_owned(),
            unbind_effect: side_effect(&d.kind, false).to_owned(),
        }
    }
}

/// The filter menus' choices and the state counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct PeopleFacets {
    pub departments: Vec<Choice>,
    pub locations: Vec<Choice>,
    pub groups: Vec<Choice>,
    pub directories: Vec<DirectoryChoice>,
    pub staged: u32,
    pub active: u32,
    pub suspended: u32,
}

impl PeopleFacets {
    pub fn of(index: &PeopleIndex) -> Self {
        let f: Facets = index.facets();
        Self {
            departments: f.departments.iter().map(Choice::from).collect(),
            locations: f.locations.iter().map(Choice::from).collect(),
            groups: f.groups.iter().map(Choice::from).collect(),
            directories: index
                .memberships()
                .directories
                .iter()
                .map(|(d, users)| DirectoryChoice::of(d, users.len()))
                .collect(),
            staged: small(f.staged),
            active: small(f.active),
            suspended: small(f.suspended),
        }
    }
}

/// One detail of a profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct DetailField {
    /// JumpCloud's field key.
    pub key: String,
    pub label: String,
    /// As JumpCloud has it (the manager: their user id).
    pub value: String,
    /// For the manager: their name; otherwise the value.
    pub shown: String,
    pub editable: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct DetailGroup {
    pub title: String,
    pub fields: Vec<DetailField>,
}

/// A directory a person is bound to, and how.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct BoundDirectory {
    pub directory: DirectoryChoice,
    /// Bound to it directly (can be unbound here).
    pub direct: bool,
    /// The groups through which they are bound (by name).
    pub via_groups: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct GroupRef {
    pub id: String,
    pub name: String,
}

/// Everything a profile shows, read from JumpCloud when it opens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct PersonProfile {
    pub person: PersonRow,
    /// Identity, contact, employment, account.
    pub details: Vec<DetailGroup>,
    pub directories: Vec<BoundDirectory>,
    pub groups: Vec<GroupRef>,
    /// Directories they are not bound to (to offer binding).
    pub other_directories: Vec<DirectoryChoice>,
    /// Groups they are not in (to offer adding).
    pub other_groups: Vec<GroupRef>,
    /// Not yet activated: the profile offers to send the activation email.
    pub can_activate: bool,
}

fn field(key: &str, label: &str, value: String, editable: bool) -> DetailField {
    DetailField {
        key: key.to_owned(),
        label: label.to_owned(),
        shown: value.clone(),
        value,
        editable,
    }
}

fn yes_no(v: Option<bool>) -> String {
    match v {
        Some(true) => "Yes".into(),
        Some(false) => "No".into(),
        None => "Not known".into(),
    }
}

impl PersonProfile {
    pub fn of(
        user: &SystemUser,
        index: &PeopleIndex,
        groups: &[GraphObject],
        directories: &[GraphObject],
    ) -> Self {
        let snapshot = index.snapshot();
        let text = |key: &str, label: &str| {
            field(
                key,
                label,
                detail(user, key),
                EDITABLE_DETAILS.contains(&key),
            )
        };
        let mut manager = text("manager", "Manager");
        if let Some(m) = user
            .manager
            .as_deref()
            .and_then(|id| snapshot.user_by_id(id))
        {
            manager.shown = format!("{} ({})", display_name(m), m.username);
        }
        let phones = user
            .phone_numbers
            .iter()
            .map(|p| {
                if p.kind.is_empty() {
                    p.number.clone()
                } else {
                    format!("{} ({})", p.number, p.kind)
                }
            })
            .collect::<Vec<_>>()
            .join(", ");
        let password = match (&user.password_date, user.password_expired) {
            (_, Some(true)) => "Expired: they must set a new one".to_owned(),
            (Some(date), _) => format!("Set on {}", date.get(..10).unwrap_or(date)),
            (None, _) if user.state == UserState::Staged => {
                "Not set yet (they set it when they activate their account)".to_owned()
            }
            (None, _) => "Not set".to_owned(),
        };
        let mfa = match &user.mfa {
            Some(m) if m.configured => "Set up".to_owned(),
            Some(m) if m.exclusion => "Excused for now".to_owned(),
            Some(_) => "Not set up".to_owned(),
            None => "Not known".to_owned(),
        };
        let addresses = user
            .addresses
            .iter()
            .map(|a| {
                let parts: Vec<&str> = [
                    a.street_address.as_str(),
                    a.extended_address.as_str(),
                    a.po_box.as_str(),
                    a.locality.as_str(),
                    a.region.as_str(),
                    a.postal_code.as_str(),
                    a.country.as_str(),
                ]
                .into_iter()
                .filter(|p| !p.trim().is_empty())
                .collect();
                let place = parts.join(", ");
                if a.kind.is_empty() {
                    place
                } else {
                    format!("{place} ({})", a.kind)
                }
            })
            .collect::<Vec<_>>()
            .join("; ");
        let state = PersonState::of(user);
        let mut details = vec![
            DetailGroup {
                title: "Identity".into(),
                fields: vec![
                    field("username", "Username", user.username.clone(), false),
                    text("firstname", "First name"),
                    text("middlename", "Middle name"),
                    text("lastname", "Last name"),
                    text("displayname", "Display name"),
                    text("employeeIdentifier", "Employee ID"),
                ],
            },
            DetailGroup {
                title: "Contact".into(),
                fields: vec![
                    text("email", "Email"),
                    text("alternateEmail", "Alternate email"),
                    field(
                        "recoveryEmail",
                        "Recovery email",
                        user.recovery_email
                            .as_ref()
                            .map(|r| r.address.clone())
                            .unwrap_or_default(),
                        false,
                    ),
                    field("phoneNumbers", "Phone", phones, false),
                    field("addresses", "Address", addresses, false),
                ],
            },
            DetailGroup {
                title: "Employment".into(),
                fields: vec![
                    text("jobTitle", "Job title"),
                    text("department", "Department"),
                    text("company", "Company"),
                    text("costCenter", "Cost center"),
                    text("employeeType", "Employee type"),
                    text("location", "Location"),
                    manager,
                    text("description", "Description"),
                ],
            },
            DetailGroup {
                title: "Account".into(),
                fields: vec![
                    field("state", "State", state.words().to_owned(), false),
                    field(
                        "created",
                        "Created",
                        user.created.clone().unwrap_or_default(),
                        false,
                    ),
                    field("password", "Password", password, false),
                    field("mfa", "Multi-factor sign-in", mfa, false),
                    field(
                        "account_locked",
                        "Locked out",
                        yes_no(Some(user.account_locked)),
                        false,
                    ),
                    field(
                        "password_never_expires",
                        "Password never expires",
                        yes_no(user.password_never_expires),
                        false,
                    ),
                    field(
                        "enable_user_portal_multifactor",
                        "Multi-factor sign-in to the user portal",
                        yes_no(user.enable_user_portal_multifactor),
                        false,
                    ),
                    field(
                        "managedAppleId",
                        "Managed Apple ID",
                        user.managed_apple_id.clone(),
                        false,
                    ),
                    field(
                        "creationSource",
                        "Added by",
                        user.creation_source.clone().unwrap_or_default(),
                        false,
                    ),
                    field(
                        "external_source_type",
                        "Comes from",
                        user.external_source_type.clone(),
                        false,
                    ),
                ],
            },
            DetailGroup {
                title: "Computers and servers".into(),
                fields: vec![
                    field(
                        "sudo",
                        "Administrator (sudo) on devices",
                        yes_no(user.sudo),
                        false,
                    ),
                    field(
                        "passwordless_sudo",
                        "Sudo without a password",
                        yes_no(user.passwordless_sudo),
                        false,
                    ),
                    field(
                        "unix_uid",
                        "Unix user id",
                        user.unix_uid.map(|n| n.to_string()).unwrap_or_default(),
                        false,
                    ),
                    field(
                        "unix_guid",
                        "Unix group id",
                        user.unix_guid.map(|n| n.to_string()).unwrap_or_default(),
                        false,
                    ),
                    field(
                        "ldap_binding_user",
                        "Can bind to LDAP",
                        yes_no(user.ldap_binding_user),
                        false,
                    ),
                    field(
                        "external_dn",
                        "External DN",
                        user.external_dn.clone(),
                        false,
                    ),
                ],
            },
        ];
        if !user.attributes.is_empty() {
            details.push(DetailGroup {
                title: "Custom attributes".into(),
                fields: user
                    .attributes
                    .iter()
                    .map(|a| {
                        field(
                            &format!("attribute:{}", a.name),
                            &a.name,
                            a.value.clone(),
                            false,
                        )
                    })
                    .collect(),
            });
        }
        let group_name = |id: &str| {
            snapshot
                .group_by_id(id)
                .map_or_else(|| id.to_owned(), |g| g.name.clone())
        };
        let bound: Vec<BoundDirectory> = directories
            .iter()
            .filter_map(|o| {
                let d = snapshot.directory_by_id(&o.id)?;
                Some(BoundDirectory {
                    directory: DirectoryChoice::of(d, 0),
                    direct: o.is_direct(),
                    via_groups: o.via_groups().iter().map(|g| group_name(g)).collect(),
                })
            })
            .collect();
        let in_groups: Vec<GroupRef> = groups
            .iter()
            .map(|g| GroupRef {
                id: g.id.clone(),
                name: group_name(&g.id),
            })
            .collect();
        let other_directories = snapshot
            .all_directories()
            .into_iter()
            .filter(|d| !bound.iter().any(|b| b.directory.id == d.id && b.direct))
            .map(|d| DirectoryChoice::of(d, 0))
            .collect();
        let other_groups = snapshot
            .all_groups()
            .into_iter()
            .filter(|g: &&UserGroup| !in_groups.iter().any(|i| i.id == g.id))
            .map(|g| GroupRef {
                id: g.id.clone(),
                name: g.name.clone(),
            })
            .collect();
        Self {
            person: PersonRow::of(user),
            details,
            directories: bound,
            groups: in_groups,
            other_directories,
            other_groups,
            can_activate: user.state == UserState::Staged,
        }
    }
}

/// The "Add one person" form's fields and choices.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct PersonFormSetup {
    pub fields: Vec<FormField>,
    /// The organization's password rules, in words, for the optional password.
    pub password_rules: Vec<String>,
    /// The organization's default for people added by hand.
    pub default_state: NewState,
    pub directories: Vec<DirectoryChoice>,
    pub groups: Vec<GroupRef>,
    /// A fresh id for this filling of the form (sending it twice adds the person once).
    pub form_id: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct FormField {
    pub key: String,
    pub label: String,
    pub required: bool,
    /// A password: shown masked, never echoed back.
    pub secret: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum NewState {
    Staged,
    Active,
}

impl From<StartState> for NewState {
    fn from(s: StartState) -> Self {
        match s {
            StartState::Staged => Self::Staged,
            StartState::Active => Self::Active,
        }
    }
}

impl From<NewState> for StartState {
    fn from(s: NewState) -> Self {
        match s {
            NewState::Staged => Self::Staged,
            NewState::Active => Self::Active,
        }
    }
}

/// What the admin filled in.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct PersonForm {
    /// Field key → value.
    pub values: Vec<FormValue>,
    pub state: Option<NewState>,
    pub directories: Vec<String>,
    pub groups: Vec<String>,
    pub form_id: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct FormValue {
    pub key: String,
    pub value: String,
}

impl From<&PersonForm> for roster_engine::NewPerson {
    fn from(f: &PersonForm) -> Self {
        Self {
            values: f
                .values
                .iter()
                .filter(|v| v.key != "password")
                .map(|v| (v.key.clone(), v.value.clone()))
                .collect(),
            // The password crosses from the page once, and is held as a secret from here on.
            password: f
                .values
                .iter()
                .find(|v| v.key == "password" && !v.value.is_empty())
                .map(|v| jumpcloud::Secret::new(v.value.clone())),
            state: f.state.map(StartState::from),
            directories: f.directories.clone(),
            groups: f.groups.clone(),
            form_id: f.form_id.clone(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct FormIssue {
    /// The form field, or none for the form as a whole.
    pub field: Option<String>,
    pub blocking: bool,
    pub code: String,
    pub message: String,
}

impl From<&FieldIssue> for FormIssue {
    fn from(i: &FieldIssue) -> Self {
        Self {
            field: i.field.clone(),
            blocking: i.blocking,
            code: i.code.clone(),
            message: i.message.clone(),
        }
    }
}

/// The form's check: problems per field, and what adding would do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct PersonFormCheck {
    pub issues: Vec<FormIssue>,
    pub summary: Vec<String>,
    pub start_state: NewState,
    pub default_state: NewState,
    pub ready: bool,
}

impl From<&PersonCheck> for PersonFormCheck {
    fn from(c: &PersonCheck) -> Self {
        Self {
            issues: c.issues.iter().map(FormIssue::from).collect(),
            summary: c.summary.clone(),
            start_state: c.start_state.into(),
            default_state: c.default_state.into(),
            ready: c.ready(),
        }
    }
}

/// What sending a one-person job did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct PersonChangeResult {
    /// Whether JumpCloud made the change (or it had been made by an earlier attempt).
    pub done: bool,
    /// What happened, in words ("Added amara.okafor.", or JumpCloud's refusal).
    pub message: String,
    /// The person's id (a new person's too).
    pub id: Option<String>,
    /// The form field JumpCloud's refusal is about, when it names one.
    pub field: Option<String>,
    pub report_path: String,
}

pub fn small(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// A change made on a profile.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Type)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum ProfileEdit {
    /// New values of some details (an empty value clears the field), and the values the
    /// profile showed when it opened (so a change someone else made meanwhile is not
    /// overwritten).
    #[serde(rename_all = "camelCase")]
    Details {
        before: Vec<FormValue>,
        after: Vec<FormValue>,
    },
    #[serde(rename_all = "camelCase")]
    Bind { directory_id: String },
    #[serde(rename_all = "camelCase")]
    Unbind { directory_id: String },
    #[serde(rename_all = "camelCase")]
    AddToGroup { group_id: String },
    #[serde(rename_all = "camelCase")]
    RemoveFromGroup { group_id: String },
    /// Activate a not-yet-activated person, with or without the activation email.
    #[serde(rename_all = "camelCase")]
    Activate { send_email: bool },
    /// Cancel a change JumpCloud was to make on a date.
    #[serde(rename_all = "camelCase")]
    CancelSchedule { schedule_id: String },
}

impl From<ProfileEdit> for roster_engine::ProfileChange {
    fn from(e: ProfileEdit) -> Self {
        let pairs = |v: Vec<FormValue>| v.into_iter().map(|f| (f.key, f.value)).collect();
        match e {
            ProfileEdit::Details { before, after } => Self::Details {
                before: pairs(before),
                after: pairs(after),
            },
            ProfileEdit::Bind { directory_id } => Self::Bind { directory_id },
            ProfileEdit::Unbind { directory_id } => Self::Unbind { directory_id },
            ProfileEdit::AddToGroup { group_id } => Self::AddToGroup { group_id },
            ProfileEdit::RemoveFromGroup { group_id } => Self::RemoveFromGroup { group_id },
            ProfileEdit::Activate { send_email } => Self::Activate { send_email },
            ProfileEdit::CancelSchedule { schedule_id } => Self::CancelSchedule { schedule_id },
        }
    }
}
