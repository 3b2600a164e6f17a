//! Matching column headers to JumpCloud fields.
//!
//! Headers are compared after [`normalize`]: lower case, letters and digits only (`#` reads as
//! "number"), so "E-mail Address", "e_mail address" and "EMAIL ADDRESS" are one header. Text in
//! square brackets is tried first (Microsoft Entra's "User name [userPrincipalName] Required"
//! names the real attribute there), then the header without the bracketed and parenthesised
//! parts and without a trailing "Required" (Google Workspace's "Email Address [Required]").

use crate::fields::{Field, FieldSpec, KNOWN};
use crate::intake::Table;
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

/// Which field each column fills. The admin may change it; the app remembers it per header
/// set (see [`header_set_key`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mapping {
    /// One entry per column, in column order: the field it fills, or `None` (not imported).
    pub columns: Vec<Option<Field>>,
    /// Fill empty usernames with the part of the email address before the @.
    #[serde(default)]
    pub derive_username_from_email: bool,
}

impl Mapping {
    /// The field of column `index`, if any.
    pub fn field(&self, index: usize) -> Option<&Field> {
        self.columns.get(index).and_then(Option::as_ref)
    }

    /// Whether some column fills `key`.
    pub fn has(&self, key: &str) -> bool {
        self.columns.iter().flatten().any(|f| f.is(key))
    }
}

/// One alias: a normalized header and the field key it means. A `weak` alias only applies when
/// no other column claims the field (Entra's "Usage location" is a country, but its "Country or
/// region" is the better source).
struct Alias {
    header: &'static str,
    key: &'static str,
    weak: bool,
}

const fn a(header: &'static str, key: &'static str) -> Alias {
    Alias {
        header,
        key,
        weak: false,
    }
}

const fn weak(header: &'static str, key: &'static str) -> Alias {
    Alias {
        header,
        key,
        weak: true,
    }
}

/// Normalized header aliases. Every fixed field's own key and template header match too.
static ALIASES: &[Alias] = &[
    // username
    a("user", "username"),
    a("login", "username"),
    a("loginname", "username"),
    a("accountname", "username"),
    a("samaccountname", "username"),
    a("benutzername", "username"),
    a("nomdutilisateur", "username"),
    a("nombredeusuario", "username"),
    a("usuario", "username"),
    // email
    a("mail", "email"),
    a("emailaddress", "email"),
    a("workemail", "email"),
    a("workemailaddress", "email"),
    a("emailwork", "email"),
    a("primaryemail", "email"),
    a("businessemail", "email"),
    a("companyemail", "email"),
    a("userprincipalname", "email"),
    a("upn", "email"),
    a("emailadresse", "email"),
    a("adresseemail", "email"),
    a("courriel", "email"),
    a("correo", "email"),
    a("correoelectrónico", "email"),
    a("correoelectronico", "email"),
    // names
    a("first", "firstname"),
    a("givenname", "firstname"),
    a("forename", "firstname"),
    a("legalfirstname", "firstname"),
    a("vorname", "firstname"),
    a("prénom", "firstname"),
    a("prenom", "firstname"),
    a("nombre", "firstname"),
    a("last", "lastname"),
    a("surname", "lastname"),
    a("familyname", "lastname"),
    a("legallastname", "lastname"),
    a("nachname", "lastname"),
    a("nom", "lastname"),
    a("nomdefamille", "lastname"),
    a("apellido", "lastname"),
    a("apellidos", "lastname"),
    a("middle", "middlename"),
    a("middleinitial", "middlename"),
    a("preferredname", "displayname"),
    a("fullname", "displayname"),
    a("name", "displayname"),
    // account
    a("initialpassword", "password"),
    a("passwordprofile", "password"),
    a("passwort", "password"),
    a("motdepasse", "password"),
    a("status", "state"),
    a("statut", "state"),
    a("estado", "state"),
    a("userstate", "state"),
    a("userstatus", "state"),
    a("accountstatus", "state"),
    a("accountstate", "state"),
    a("alternativeemail", "alternateEmail"),
    a("alternateemailaddress", "alternateEmail"),
    a("secondaryemail", "alternateEmail"),
    a("personalemail", "alternateEmail"),
    a("privateemail", "alternateEmail"),
    a("otheremail", "alternateEmail"),
    a("homesecondaryemail", "alternateEmail"),
    a("recoveryemailaddress", "recoveryEmail"),
    a("manageremail", "manager"),
    a("managerusername", "manager"),
    a("reportsto", "manager"),
    a("supervisor", "manager"),
    a("supervisoremail", "manager"),
    a("linemanager", "manager"),
    a("vorgesetzter", "manager"),
    a("appleid", "managedAppleId"),
    // work
    a("title", "jobTitle"),
    a("employeetitle", "jobTitle"),
    a("position", "jobTitle"),
    a("positiontitle", "jobTitle"),
    a("jobtitle", "jobTitle"),
    a("employeeid", "employeeIdentifier"),
    a("employeenumber", "employeeIdentifier"),
    a("employeeno", "employeeIdentifier"),
    a("empid", "employeeIdentifier"),
    a("staffid", "employeeIdentifier"),
    a("staffnumber", "employeeIdentifier"),
    a("workerid", "employeeIdentifier"),
    a("personnelnumber", "employeeIdentifier"),
    a("personalnummer", "employeeIdentifier"),
    a("dept", "department"),
    a("abteilung", "department"),
    a("département", "department"),
    a("departement", "department"),
    a("departamento", "department"),
    a("companyname", "company"),
    a("organization", "company"),
    a("organisation", "company"),
    a("employer", "company"),
    a("firma", "company"),
    a("costcentre", "costCenter"),
    a("kostenstelle", "costCenter"),
    a("employmenttype", "employeeType"),
    a("workertype", "employeeType"),
    a("employeecategory", "employeeType"),
    a("office", "location"),
    a("officelocation", "location"),
    a("worklocation", "location"),
    a("site", "location"),
    a("physicaldeliveryofficename", "location"),
    a("buildingid", "location"),
    a("standort", "location"),
    a("notes", "description"),
    a("note", "description"),
    a("comment", "description"),
    a("comments", "description"),
    // addresses (an address without "home" is the work address)
    a("homestreet", "home_streetAddress"),
    a("homeaddress", "home_streetAddress"),
    a("homelocality", "home_city"),
    a("homeregion", "home_state"),
    a("homeprovince", "home_state"),
    a("homezip", "home_postalCode"),
    a("homezipcode", "home_postalCode"),
    a("homepostcode", "home_postalCode"),
    a("streetaddress", "work_streetAddress"),
    a("street", "work_streetAddress"),
    a("address", "work_streetAddress"),
    a("workaddress", "work_streetAddress"),
    a("workstreet", "work_streetAddress"),
    a("addressline1", "work_streetAddress"),
    a("pobox", "work_poBox"),
    a("city", "work_city"),
    a("town", "work_city"),
    a("locality", "work_city"),
    a("worklocality", "work_city"),
    a("ort", "work_city"),
    a("stadt", "work_city"),
    a("ville", "work_city"),
    a("ciudad", "work_city"),
    a("stateorprovince", "work_state"),
    a("province", "work_state"),
    a("region", "work_state"),
    a("workregion", "work_state"),
    a("postalcode", "work_postalCode"),
    a("postcode", "work_postalCode"),
    a("zip", "work_postalCode"),
    a("zipcode", "work_postalCode"),
    a("ziporpostalcode", "work_postalCode"),
    a("workzip", "work_postalCode"),
    a("plz", "work_postalCode"),
    a("country", "work_country"),
    a("countryorregion", "work_country"),
    a("countrycode", "work_country"),
    a("land", "work_country"),
    a("pays", "work_country"),
    weak("usagelocation", "work_country"),
    // phones
    a("mobile", "mobile_number"),
    a("mobilephone", "mobile_number"),
    a("mobilephonenumber", "mobile_number"),
    a("cellphone", "mobile_number"),
    a("cell", "mobile_number"),
    a("handy", "mobile_number"),
    a("homephone", "home_number"),
    a("workphone", "work_number"),
    a("officephone", "work_number"),
    a("businessphone", "work_number"),
    a("phone", "work_number"),
    a("phonenumber", "work_number"),
    a("telephone", "work_number"),
    a("telephonenumber", "work_number"),
    a("telefon", "work_number"),
    a("workmobile", "work_mobile_number"),
    a("workmobilephone", "work_mobile_number"),
    a("fax", "work_fax_number"),
    a("faxnumber", "work_fax_number"),
    a("workfax", "work_fax_number"),
    // JumpCloud options
    a("unixgid", "unix_guid"),
    a("mfa", "enable_user_portal_multifactor"),
    a("locked", "account_locked"),
    a("blocksignin", "account_locked"),
    a("deviceid", "SystemID"),
];

/// Microsoft Graph attribute names, as Entra's bulk templates put them in square brackets
/// (normalized). Looked up only for bracketed text.
static GRAPH_ATTRIBUTES: &[Alias] = &[
    a("displayname", "displayname"),
    a("userprincipalname", "email"),
    a("mail", "email"),
    a("passwordprofile", "password"),
    a("givenname", "firstname"),
    a("surname", "lastname"),
    a("jobtitle", "jobTitle"),
    a("department", "department"),
    a("companyname", "company"),
    a("employeeid", "employeeIdentifier"),
    a("employeetype", "employeeType"),
    weak("usagelocation", "work_country"),
    a("streetaddress", "work_streetAddress"),
    a("city", "work_city"),
    a("state", "work_state"),
    a("postalcode", "work_postalCode"),
    a("country", "work_country"),
    a("physicaldeliveryofficename", "location"),
    a("telephonenumber", "work_number"),
    a("mobile", "mobile_number"),
    a("faxnumber", "work_fax_number"),
];

/// Lower case, letters and digits only; `#` reads as "number".
pub fn normalize(header: &str) -> String {
    let mut out = String::with_capacity(header.len());
    for c in header.chars() {
        if c == '#' {
            out.push_str("number");
        } else if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// Every fixed field with its normalized key and template header, computed once.
fn known_normalized() -> &'static [(String, String, &'static FieldSpec)] {
    static CACHE: OnceLock<Vec<(String, String, &'static FieldSpec)>> = OnceLock::new();
    CACHE.get_or_init(|| {
        KNOWN
            .iter()
            .map(|f| (normalize(f.key), normalize(f.header), f))
            .collect()
    })
}

/// The field a header means, with whether that is only a weak guess.
fn lookup(normalized: &str) -> Option<(Field, bool)> {
    if normalized.is_empty() {
        return None;
    }
    if let Some(field) = known_normalized()
        .iter()
        .find(|(key, header, _)| key == normalized || header == normalized)
        .map(|(_, _, spec)| Field::Known(spec))
    {
        return Some((field, false));
    }
    if let Some(alias) = ALIASES.iter().find(|a| a.header == normalized) {
        return Field::known(alias.key).map(|f| (f, alias.weak));
    }
    repeating(normalized).map(|f| (f, false))
}

/// Groups, directories and numbered custom attributes.
fn repeating(normalized: &str) -> Option<Field> {
    let stem = normalized.trim_end_matches(|c: char| c.is_ascii_digit());
    if matches!(
        stem,
        "group" | "groups" | "usergroup" | "usergroups" | "groupname" | "jumpcloudgroup"
    ) {
        return Some(Field::Group);
    }
    if matches!(stem, "directory" | "directories" | "directorybinding") {
        return Some(Field::Directory);
    }
    let rest = normalized
        .strip_prefix("customattribute")
        .or_else(|| normalized.strip_prefix("attribute"))?;
    let digits_end = rest
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(rest.len());
    let n: u32 = rest[..digits_end].parse().ok().filter(|&n| n >= 1)?;
    match &rest[digits_end..] {
        "name" => Some(Field::AttributeName(n)),
        "value" => Some(Field::AttributeValue(n)),
        _ => None,
    }
}

/// The parts of a raw header: the normalized bracketed texts, and the normalized rest without
/// parenthesised text and without a trailing "Required"/"Optional".
fn split_header(header: &str) -> (Vec<String>, String) {
    let mut bracketed = Vec::new();
    let mut outer = String::new();
    let mut depth_square = 0usize;
    let mut depth_round = 0usize;
    let mut current = String::new();
    for c in header.chars() {
        match c {
            '[' => {
                depth_square += 1;
                current.clear();
            }
            ']' if depth_square > 0 => {
                depth_square -= 1;
                bracketed.push(normalize(&current));
            }
            '(' => depth_round += 1,
            ')' if depth_round > 0 => depth_round -= 1,
            c if depth_square > 0 => current.push(c),
            c if depth_round == 0 => outer.push(c),
            _ => {}
        }
    }
    let mut outer = normalize(&outer);
    for suffix in ["required", "optional"] {
        if let Some(stripped) = outer.strip_suffix(suffix) {
            if !stripped.is_empty() {
                outer = stripped.to_owned();
            }
        }
    }
    (bracketed, outer)
}

/// A header of the form "Attribute: NAME" or "Custom attribute: NAME".
fn named_attribute(header: &str) -> Option<Field> {
    let (prefix, name) = header.split_once(':')?;
    let name = name.trim();
    let prefix = normalize(prefix);
    (matches!(prefix.as_str(), "attribute" | "customattribute" | "custom") && !name.is_empty())
        .then(|| Field::Attribute(name.to_owned()))
}

/// The field a single header means, if Roster recognises it.
pub fn match_header(header: &str) -> Option<Field> {
    match_header_strength(header).map(|(field, _)| field)
}

fn match_header_strength(header: &str) -> Option<(Field, bool)> {
    if let Some(field) = named_attribute(header) {
        return Some((field, false));
    }
    let (bracketed, outer) = split_header(header);
    let graph = bracketed.iter().find_map(|b| {
        let alias = GRAPH_ATTRIBUTES.iter().find(|a| a.header == b.as_str())?;
        Field::known(alias.key).map(|f| (f, alias.weak))
    });
    graph
        .or_else(|| lookup(&outer))
        .or_else(|| lookup(&normalize(header)))
}

/// The mapping Roster proposes for these headers. A weak match is dropped when another
/// column claims the same field. When no column holds usernames but one holds email
/// addresses, usernames are derived from the email addresses.
pub fn auto_mapping(headers: &[String]) -> Mapping {
    let matched: Vec<Option<(Field, bool)>> =
        headers.iter().map(|h| match_header_strength(h)).collect();
    let columns: Vec<Option<Field>> = matched
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let (field, is_weak) = m.as_ref()?;
            let claimed_elsewhere = matched
                .iter()
                .enumerate()
                .any(|(j, other)| j != i && other.as_ref().is_some_and(|(f, w)| f == field && !w));
            (!(*is_weak && claimed_elsewhere)).then(|| field.clone())
        })
        .collect();
    let mut mapping = Mapping {
        columns,
        derive_username_from_email: false,
    };
    mapping.derive_username_from_email = !mapping.has("username") && mapping.has("email");
    mapping
}

/// The mapping Roster proposes for a table: [`auto_mapping`] of its headers, refined by its
/// data. When no column holds email addresses but the username column does (Microsoft 365's
/// "User Name" is the sign-in address), that column becomes the email column and usernames
/// are made from it.
pub fn suggest_mapping(table: &Table) -> Mapping {
    let mut mapping = auto_mapping(&table.headers);
    let column_of = |mapping: &Mapping, key: &str| {
        mapping
            .columns
            .iter()
            .position(|f| f.as_ref().is_some_and(|f| f.is(key)))
    };
    let sample = |column: usize| -> Vec<&str> {
        table
            .rows
            .iter()
            .filter_map(|r| r.cells.get(column).map(String::as_str))
            .filter(|v| !v.is_empty())
            .take(200)
            .collect()
    };
    if !mapping.has("email") {
        if let Some(column) = column_of(&mapping, "username") {
            let values = sample(column);
            let with_at = values.iter().filter(|v| v.contains('@')).count();
            if !values.is_empty() && with_at * 10 >= values.len() * 8 {
                mapping.columns[column] = Field::known("email");
                mapping.derive_username_from_email = true;
            }
        }
    }
    if !mapping.has("work_state") {
        if let Some(column) = column_of(&mapping, "state") {
            let values = sample(column);
            let states = values
                .iter()
                .filter(|v| crate::values::parse_state(v).is_some())
                .count();
            if !values.is_empty() && states * 2 < values.len() {
                mapping.columns[column] = Field::known("work_state");
            }
        }
    }
    mapping
}

/// A stable key for a set of headers (in column order), for remembering a mapping: `v1-`
/// followed by the FNV-1a 64-bit hash, in hex, of the normalized headers joined by U+001F.
pub fn header_set_key(headers: &[String]) -> String {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let mut hash = OFFSET;
    for (i, header) in headers.iter().enumerate() {
        if i > 0 {
            hash = (hash ^ 0x1f).wrapping_mul(PRIME);
        }
        for byte in normalize(header).bytes() {
            hash = (hash ^ u64::from(byte)).wrapping_mul(PRIME);
        }
    }
    format!("v1-{hash:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(header: &str) -> Option<String> {
        match_header(header).map(|f| f.key().into_owned())
    }

    #[test]
    fn aliases_and_punctuation() {
        let cases = [
            ("E-mail Address", "email"),
            ("EMAIL", "email"),
            ("First Name", "firstname"),
            ("Given Name", "firstname"),
            ("Surname", "lastname"),
            ("Family Name", "lastname"),
            ("Last_Name", "lastname"),
            ("Employee ID", "employeeIdentifier"),
            ("Employee #", "employeeIdentifier"),
            ("Employee Number", "employeeIdentifier"),
            ("Job Title", "jobTitle"),
            ("Title", "jobTitle"),
            ("Username", "username"),
            ("User name", "username"),
            ("Display name", "displayname"),
            ("Department", "department"),
            ("Cost Centre", "costCenter"),
            ("Vorname", "firstname"),
            ("Prénom", "firstname"),
            ("Status", "state"),
            ("home_city", "home_city"),
            ("Mobile Phone", "mobile_number"),
            ("Usage location", "work_country"),
            ("EnrollmentDays", "EnrollmentDays"),
            ("SystemID", "SystemID"),
        ];
        for (header, expected) in cases {
            assert_eq!(key(header).as_deref(), Some(expected), "{header}");
        }
        assert_eq!(key("Favourite colour"), None);
        assert_eq!(key(""), None);
    }

    #[test]
    fn google_and_entra_headers() {
        assert_eq!(key("Email Address [Required]").as_deref(), Some("email"));
        assert_eq!(key("First Name [Required]").as_deref(), Some("firstname"));
        assert_eq!(key("Status [READ ONLY]").as_deref(), Some("state"));
        assert_eq!(key("Employee ID").as_deref(), Some("employeeIdentifier"));
        assert_eq!(
            key("User name [userPrincipalName] Required").as_deref(),
            Some("email")
        );
        assert_eq!(
            key("Name [displayName] Required").as_deref(),
            Some("displayname")
        );
        assert_eq!(
            key("Block sign in (Yes/No) [accountEnabled] Required").as_deref(),
            Some("account_locked")
        );
        assert_eq!(
            key("State or province [state]").as_deref(),
            Some("work_state")
        );
        assert_eq!(
            key("Office [physicalDeliveryOfficeName]").as_deref(),
            Some("location")
        );
        assert_eq!(key("Org Unit Path [Required]"), None);
    }

    #[test]
    fn template_repeating_columns() {
        assert_eq!(key("Group1").as_deref(), Some("groups"));
        assert_eq!(key("Group 12").as_deref(), Some("groups"));
        assert_eq!(key("Directory").as_deref(), Some("directories"));
        assert_eq!(key("Attribute1_name").as_deref(), Some("attribute1_name"));
        assert_eq!(
            key("Attribute10_value").as_deref(),
            Some("attribute10_value")
        );
        assert_eq!(key("Attribute: Badge").as_deref(), Some("attribute:Badge"));
        assert_eq!(key("Attribute0_name"), None);
    }

    #[test]
    fn auto_mapping_derives_usernames_and_drops_weak_matches() {
        let headers: Vec<String> = ["E-mail", "Usage location", "Country or region", "x"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let mapping = auto_mapping(&headers);
        assert!(mapping.derive_username_from_email);
        assert_eq!(
            mapping.columns,
            vec![
                Field::known("email"),
                None,
                Field::known("work_country"),
                None
            ]
        );
        let with_user: Vec<String> = vec!["login".into(), "email".into()];
        assert!(!auto_mapping(&with_user).derive_username_from_email);
    }

    #[test]
    fn mapping_serializes() -> Result<(), serde_json::Error> {
        let mapping = auto_mapping(&["Email".to_owned(), "Group".to_owned(), "?".to_owned()]);
        let json = serde_json::to_string(&mapping)?;
        assert_eq!(
            json,
            r#"{"columns":["email","groups",null],"derive_username_from_email":true}"#
        );
        assert_eq!(serde_json::from_str::<Mapping>(&json)?, mapping);
        Ok(())
    }

    #[test]
    fn suggest_mapping_uses_sign_in_addresses_as_email() -> Result<(), crate::IntakeError> {
        let table = crate::read_table(b"User Name,First Name\nann@x.com,Ann\nbob@x.com,Bob\n")?;
        let mapping = suggest_mapping(&table);
        assert_eq!(
            mapping.columns,
            vec![Field::known("email"), Field::known("firstname")]
        );
        assert!(mapping.derive_username_from_email);
        let table = crate::read_table(b"User Name,First Name\nann,Ann\n")?;
        assert_eq!(suggest_mapping(&table), auto_mapping(&table.headers));
        let table = crate::read_table(b"Email,State\na@x.com,CA\nb@x.com,WA\nc@x.com,active\n")?;
        assert_eq!(
            suggest_mapping(&table).columns[1],
            Field::known("work_state")
        );
        let table = crate::read_table(b"Email,State\na@x.com,active\nb@x.com,WA\n")?;
        assert_eq!(suggest_mapping(&table).columns[1], Field::known("state"));
        Ok(())
    }

    #[test]
    fn header_set_key_is_stable() {
        let a = header_set_key(&["E-mail".to_owned(), "First Name".to_owned()]);
        let b = header_set_key(&["email".to_owned(), "FIRST_NAME".to_owned()]);
        let c = header_set_key(&["First Name".to_owned(), "E-mail".to_owned()]);
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_eq!(a, "v1-".to_owned() + &a[3..]);
        assert_eq!(header_set_key(&[]), "v1-cbf29ce484222325");
    }
}
