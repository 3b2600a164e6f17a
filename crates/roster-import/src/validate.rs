//! Checking every row before anything is sent: required fields, formats, lengths, duplicates
//! inside the file, and damage done by spreadsheet programs.

use crate::columns::{join_and, plan, ColumnPlan};
use crate::fields::{Field, Kind, TEXT_MAX};
use crate::intake::{RawRow, Table};
use crate::mapping::Mapping;
use crate::report::{
    CheckReport, ColumnReport, RowReport, RowStatus, Severity, Summary, UserValues,
};
use crate::values;
use serde_json::json;
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};

/// Checks every row of `table` as mapped by `mapping`. Never fails: every problem becomes an
/// issue on the file or on a row.
pub fn check(table: &Table, mapping: &Mapping) -> CheckReport {
    check_keeping(table, mapping, |_| true)
}

/// [`check`] over the rows `keep` accepts: the others (rows the admin left out) are skipped
/// with no issues, and duplicates are looked for among the kept rows only.
pub fn check_keeping(
    table: &Table,
    mapping: &Mapping,
    keep: impl Fn(&RawRow) -> bool,
) -> CheckReport {
    let plan = plan(table, mapping);
    let zeros = leading_zero_profiles(table, &plan);
    let ctx = RowContext {
        table,
        plan: &plan,
        zeros: &zeros,
        hr_columns: hr_columns(table, &plan),
        cell_errors: {
            let mut by_line: HashMap<u64, Vec<&crate::workbook::CellError>> = HashMap::new();
            for e in table.workbook.iter().flat_map(|w| &w.cell_errors) {
                by_line.entry(e.line).or_default().push(e);
            }
            by_line
        },
    };
    let mut rows: Vec<RowReport> = table
        .rows
        .iter()
        .map(|raw| {
            if keep(raw) {
                ctx.check_row(raw)
            } else {
                RowReport {
                    line: raw.line,
                    status: RowStatus::Skipped,
                    user: UserValues::default(),
                    issues: Vec::new(),
                }
            }
        })
        .collect();
    mark_duplicates(&mut rows, &plan);
    let columns = table
        .headers
        .iter()
        .zip(&plan.fields)
        .map(|(header, field)| ColumnReport {
            header: header.clone(),
            field: field.as_ref().map(|f| f.key().into_owned()),
        })
        .collect();
    let mut report = CheckReport {
        encoding: table.encoding.to_owned(),
        bom: table.bom,
        delimiter: table.delimiter,
        columns,
        issues: plan.issues,
        rows,
        summary: Summary::default(),
    };
    report.recount();
    report
}

/// A column whose numbers mostly start with 0: they are `len` digits long, like `example`.
struct ZeroProfile {
    len: usize,
    example: String,
}

/// Finds the columns where Excel may have dropped leading zeros: at least three values and at
/// least half of the all-digit values start with 0.
fn leading_zero_profiles(table: &Table, plan: &ColumnPlan) -> Vec<Option<ZeroProfile>> {
    plan.fields
        .iter()
        .enumerate()
        .map(|(i, field)| {
            if !field.as_ref()?.spec().is_some_and(|s| s.kind == Kind::Text) {
                return None;
            }
            let (mut digits, mut zeros) = (0usize, 0usize);
            let mut lengths: BTreeMap<usize, (usize, &str)> = BTreeMap::new();
            for row in &table.rows {
                let Some(value) = row.cells.get(i) else {
                    continue;
                };
                if value.len() < 2 || !value.bytes().all(|b| b.is_ascii_digit()) {
                    continue;
                }
                digits += 1;
                if value.starts_with('0') {
                    zeros += 1;
                    lengths.entry(value.len()).or_insert((0, value)).0 += 1;
                }
            }
            if zeros < 3 || zeros * 2 < digits {
                return None;
            }
            let (len, (_, example)) = lengths.into_iter().max_by_key(|(len, (n, _))| (*n, *len))?;
            Some(ZeroProfile {
                len,
                example: example.to_owned(),
            })
        })
        .collect()
}

struct RowContext<'a> {
    table: &'a Table,
    plan: &'a ColumnPlan,
    zeros: &'a [Option<ZeroProfile>],
    /// The HR status columns (found once per file, not per row).
    hr_columns: Vec<(usize, HrColumn)>,
    /// A workbook's error values (`#N/A`), by line.
    cell_errors: HashMap<u64, Vec<&'a crate::workbook::CellError>>,
}

/// An HR column that says whether a person still works here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum HrColumn {
    /// "Employment Status", "Lifecycle status": words like Terminated.
    Status,
    /// "Active Status", "Is Active": yes or no.
    Active,
}

/// The HR status columns of a table whose field is not the state.
fn hr_columns(table: &Table, plan: &ColumnPlan) -> Vec<(usize, HrColumn)> {
    table
        .headers
        .iter()
        .enumerate()
        .filter(|(i, _)| !plan.fields[*i].as_ref().is_some_and(|f| f.is("state")))
        .filter_map(
            |(i, header)| match crate::mapping::normalize(header).as_str() {
                "status" | "employmentstatus" | "employeestatus" | "workerstatus"
                | "lifecyclestatus" | "statusreadonly" => Some((i, HrColumn::Status)),
                "active" | "isactive" | "activestatus" | "currentlyactive" => {
                    Some((i, HrColumn::Active))
                }
                _ => None,
            },
        )
        .collect()
}

/// A custom attribute from the template's numbered name/value columns.
#[derive(Default)]
struct AttributePair<'a> {
    name: Option<(&'a str, usize)>,
    value: Option<(&'a str, usize)>,
}

impl RowContext<'_> {
    /// A workbook cell holding an error value (`#N/A`, `#REF!`): an error where the column is
    /// imported, a warning where it is not.
    fn check_cell_errors(&self, raw: &RawRow, row: &mut RowReport) {
        for e in self.cell_errors.get(&raw.line).into_iter().flatten() {
            let field = self.plan.fields.get(e.column).and_then(Option::as_ref);
            let key = field.map(|f| f.key().into_owned());
            let header = self
                .table
                .headers
                .get(e.column)
                .cloned()
                .unwrap_or_else(|| e.cell.clone());
            let (severity, why) = if field.is_some() {
                (
                    Severity::Error,
                    "Fix it in the workbook, or type the value here.",
                )
            } else {
                (
                    Severity::Warning,
                    "The column is not imported, so nothing is lost.",
                )
            };
            row.push_labeled(
                key.as_deref(),
                &header,
                severity,
                "cell_error",
                format!(
                    "cell {} holds the error {} (a formula or link that did not work in the workbook), not a value. {why}",
                    e.cell, e.error
                ),
            );
        }
    }

    fn check_row(&self, raw: &RawRow) -> RowReport {
        let mut row = RowReport {
            line: raw.line,
            status: RowStatus::Ready,
            user: UserValues::default(),
            issues: Vec::new(),
        };
        if raw.is_blank() {
            row.status = RowStatus::Skipped;
            return row;
        }
        if let Some(footer) = report_footer(raw) {
            row.status = RowStatus::Skipped;
            row.push(
                None,
                Severity::Warning,
                "not_a_person",
                format!("\"{footer}\" is a line of the report (a total, a date or a page number), not a person, so Roster skips it."),
            );
            return row;
        }
        self.check_shape(raw, &mut row);
        self.check_cell_errors(raw, &mut row);

        let mut pairs: BTreeMap<u32, AttributePair> = BTreeMap::new();
        for (i, field) in self.plan.fields.iter().enumerate() {
            let Some(field) = field else { continue };
            let value = raw.cells.get(i).map(String::as_str).unwrap_or("");
            if value.is_empty() {
                continue;
            }
            match field {
                Field::AttributeName(n) => pairs.entry(*n).or_default().name = Some((value, i)),
                Field::AttributeValue(n) => pairs.entry(*n).or_default().value = Some((value, i)),
                _ => {}
            }
            self.check_value(i, field, value, &mut row);
        }
        self.check_attribute_pairs(&pairs, &mut row);
        self.check_required(&mut row);
        self.check_hr_status(raw, &mut row);
        if let Some(source) = row.user.get_str("email").and_then(values::template_example) {
            let email = row.user.get_str("email").unwrap_or_default().to_owned();
            row.status = RowStatus::Skipped;
            row.push_labeled(
                Some("email"),
                &self.plan.name_of("email"),
                Severity::Warning,
                "template_example_row",
                format!("\"{email}\" is the example person from {source}'s template, not one of your people, so Roster skips this row. Delete it from the file."),
            );
        }
        row
    }

    /// HR status columns that JumpCloud has no field for ("Employment Status", "Lifecycle
    /// status", Workday's "Active Status" Yes/No): people who left are not imported as active.
    fn check_hr_status(&self, raw: &RawRow, row: &mut RowReport) {
        for &(i, kind) in &self.hr_columns {
            let Some(value) = raw.cells.get(i).filter(|v| !v.is_empty()) else {
                continue;
            };
            let left = match kind {
                HrColumn::Status => values::departure(value),
                HrColumn::Active => {
                    values::parse_bool(value).and_then(|active| (!active).then_some(true))
                }
            };
            if let Some(definite) = left {
                departure_issue(row, &self.plan.names[i], None, value, definite);
            }
        }
    }

    /// Too few or too many cells, and quotation marks that never close.
    fn check_shape(&self, raw: &RawRow, row: &mut RowReport) {
        let expected = self.table.headers.len();
        let found = raw.cells.len();
        let line = raw.line;
        if found < expected {
            row.push(
                None,
                Severity::Error,
                "too_few_fields",
                format!(
                    "this row has {found} values but the header has {expected} columns. A {} may be missing, or a value with a line break may lack quotation marks; check this line and the next.",
                    self.table.delimiter.plain_singular()
                ),
            );
        } else if found > expected && raw.cells[expected..].iter().any(|c| !c.is_empty()) {
            let sep = self.table.delimiter.plain_singular();
            row.push(
                None,
                Severity::Error,
                "too_many_fields",
                format!(
                    "this row has {found} values but the header has {expected} columns. A value probably contains a {sep} without quotation marks around it; put that value in quotation marks or remove the extra {sep}."
                ),
            );
        }
        if self.table.unclosed_quote_line == Some(line) {
            row.push(
                None,
                Severity::Error,
                "unclosed_quote",
                "a quotation mark opens a value that is never closed, so the rest of the file was read into this row. Add the closing quotation mark or remove the stray one.".to_owned(),
            );
        }
    }

    /// One non-empty cell: spreadsheet damage, length, format; records the value.
    fn check_value(&self, i: usize, field: &Field, value: &str, row: &mut RowReport) {
        let key = field.key();
        let kind = field.spec().map_or(Kind::Text, |s| s.kind);
        let max_len = field.spec().map_or(TEXT_MAX, |s| s.max_len);
        let label = self.plan.names[i].as_str();

        if kind != Kind::Password && values::is_spreadsheet_error(value) {
            row.push_labeled(
                Some(&key),
                label,
                Severity::Error,
                "spreadsheet_error_value",
                format!("\"{value}\" is a spreadsheet error, not a real value. Fix the formula in the original sheet, or clear the cell."),
            );
            return;
        }
        let length = value.chars().count();
        if length > max_len {
            row.push_labeled(
                Some(&key),
                label,
                Severity::Error,
                "too_long",
                format!("the value is {length} characters long, but JumpCloud accepts at most {max_len}. Shorten it."),
            );
        }
        match kind {
            Kind::Text => self.check_text(i, &key, value, row),
            Kind::Email => {
                if let Some(problem) = values::email_problem(value) {
                    row.push_labeled(
                        Some(&key),
                        label,
                        Severity::Error,
                        "invalid_email",
                        format!("\"{value}\" {problem}"),
                    );
                }
            }
            Kind::State => match values::parse_state(value) {
                _ if values::departure(value) == Some(true) => {
                    departure_issue(row, label, Some(&key), value, true);
                }
                Some(state) => {
                    row.user.set(key.clone(), json!(state));
                    if values::departure(value).is_some() {
                        departure_issue(row, label, Some(&key), value, false);
                    }
                    return;
                }
                None => row.push_labeled(
                    Some(&key),
                    label,
                    Severity::Error,
                    "invalid_state",
                    format!("\"{value}\" is not a JumpCloud user state. Use STAGED (created, not yet active), ACTIVATED or SUSPENDED. If this column holds the state or province of an address, pick Work state or region for it in the mapping step."),
                ),
            },
            Kind::Bool => match values::parse_bool(value) {
                Some(flag) => {
                    row.user.set(key.clone(), json!(flag));
                    return;
                }
                None => row.push_labeled(
                    Some(&key),
                    label,
                    Severity::Error,
                    "invalid_yes_no",
                    format!("\"{value}\" is not yes or no. Use TRUE or FALSE (yes/no and 1/0 work too)."),
                ),
            },
            Kind::Integer { min, max } => match values::parse_integer(value) {
                Some(n) if (min..=max).contains(&n) => {
                    row.user.set(key.clone(), json!(n));
                    return;
                }
                _ => {
                    let excel = if values::is_scientific(value) {
                        " Excel may have turned it into scientific notation; format the column as Text and export again."
                    } else {
                        ""
                    };
                    row.push_labeled(
                        Some(&key),
                        label,
                        Severity::Error,
                        "invalid_number",
                        format!("\"{value}\" is not a whole number from {min} to {max}.{excel}"),
                    );
                }
            },
            Kind::Password => {}
        }
        match field {
            Field::Group | Field::Directory => row.user.append(key, json!(value)),
            Field::AttributeName(_) | Field::AttributeValue(_) => {}
            Field::Attribute(name) => row
                .user
                .append("attributes", json!({"name": name, "value": value})),
            Field::Known(_) => row.user.set(key, json!(value)),
        }
    }

    /// Free text: formulas, scientific notation, lost leading zeros.
    fn check_text(&self, i: usize, key: &str, value: &str, row: &mut RowReport) {
        let label = self.plan.names[i].as_str();
        if let Some(first) = values::formula_start(value) {
            row.push_labeled(
                Some(key),
                label,
                Severity::Warning,
                "formula_like_value",
                format!("\"{value}\" starts with \"{first}\", so spreadsheet programs may run it as a formula. Check that this is the value you mean; Roster sends it as plain text."),
            );
        }
        if values::is_scientific(value) {
            row.push_labeled(
                Some(key),
                label,
                Severity::Warning,
                "scientific_notation",
                format!("\"{value}\" looks like a number that Excel turned into scientific notation, which loses digits. Format the column as Text in the original sheet and export again."),
            );
        }
        if let Some(Some(profile)) = self.zeros.get(i) {
            if value.len() < profile.len
                && !value.starts_with('0')
                && value.bytes().all(|b| b.is_ascii_digit())
            {
                row.push_labeled(
                    Some(key),
                    label,
                    Severity::Warning,
                    "lost_leading_zeros",
                    format!("\"{value}\" is shorter than the other values in this column, which start with 0 (like \"{}\"). Excel may have removed its leading zeros; check the original value.", profile.example
                    ),
                );
            }
        }
    }

    /// Numbered custom attributes need both a name and a value.
    fn check_attribute_pairs(&self, pairs: &BTreeMap<u32, AttributePair>, row: &mut RowReport) {
        for (n, pair) in pairs {
            match (pair.name, pair.value) {
                (Some((name, _)), Some((value, _))) => row
                    .user
                    .append("attributes", json!({"name": name, "value": value})),
                (Some((name, i)), None) => row.push_labeled(
                    Some(&Field::AttributeName(*n).key()),
                    &self.plan.names[i],
                    Severity::Error,
                    "attribute_missing_value",
                    format!("the custom attribute \"{name}\" has no value, and JumpCloud cannot store an empty custom attribute. Fill in its value or clear the name."),
                ),
                (None, Some((value, i))) => row.push_labeled(
                    Some(&Field::AttributeValue(*n).key()),
                    &self.plan.names[i],
                    Severity::Error,
                    "attribute_missing_name",
                    format!("the value \"{value}\" has no custom attribute name next to it. Fill in the name or clear the value."),
                ),
                (None, None) => {}
            }
        }
    }

    /// Username (possibly made from the email address) and email must be there.
    fn check_required(&self, row: &mut RowReport) {
        let email = row.user.get_str("email").map(str::to_owned);
        if row.user.get("username").is_none() && self.plan.derive_username {
            let local = email
                .as_deref()
                .and_then(|e| e.split('@').next())
                .unwrap_or("");
            if !local.is_empty() {
                row.user
                    .0
                    .insert(0, (Cow::Borrowed("username"), json!(local.to_lowercase())));
            }
        }
        if row.user.get("username").is_none() {
            let how = if self.plan.derive_username {
                "Enter one, or fill in the email address so Roster can make one from it."
            } else {
                "Enter one, or have Roster make usernames from the email addresses in the mapping step."
            };
            row.push_labeled(
                Some("username"),
                &self.plan.name_of("username"),
                Severity::Error,
                "missing_username",
                format!("this row has no username. {how}"),
            );
        }
        if email.is_none() {
            row.push_labeled(
                Some("email"),
                &self.plan.name_of("email"),
                Severity::Error,
                "missing_email",
                "this row has no email address, and JumpCloud needs one for every user. Fill it in.".to_owned(),
            );
        }
    }
}

/// The first value of a row that is a report footer ("Total: 12", "Generated on ...", "Page 1
/// of 3"): at most two values, no email address.
fn report_footer(raw: &RawRow) -> Option<&str> {
    let mut values = raw.cells.iter().filter(|c| !c.is_empty());
    let first = values.next()?;
    let second = values.next();
    if values.next().is_some() || first.contains('@') || second.is_some_and(|c| c.contains('@')) {
        return None;
    }
    values::is_report_footer(first).then_some(first.as_str())
}

/// A person who left (`definite`: an error, so the row is not imported) or is "Inactive" (a
/// warning; the account is created suspended).
fn departure_issue(
    row: &mut RowReport,
    label: &str,
    field: Option<&str>,
    value: &str,
    definite: bool,
) {
    if definite {
        row.push_labeled(
            field,
            label,
            Severity::Error,
            "former_employee",
            format!("\"{value}\" says this person no longer works here, so Roster does not create an account for them. Remove the row, or correct the status if they do work here."),
        );
    } else {
        row.push_labeled(
            field,
            label,
            Severity::Warning,
            "inactive_person",
            format!("\"{value}\" may mean this person has left. Roster would create the account suspended; remove the row if they should not have an account."),
        );
    }
}

/// Rows that share a username or an email address (ignoring capitals) or an employee ID.
fn mark_duplicates(rows: &mut [RowReport], plan: &ColumnPlan) {
    let checks: [(&str, &'static str, bool, &str); 3] = [
        (
            "username",
            "duplicate_username",
            true,
            "Each user needs a different username.",
        ),
        (
            "email",
            "duplicate_email",
            true,
            "Each user needs their own email address.",
        ),
        (
            "employeeIdentifier",
            "duplicate_employee_id",
            false,
            "JumpCloud requires a different employee ID for each user.",
        ),
    ];
    let username_derived =
        plan.derive_username && !plan.fields.iter().flatten().any(|f| f.is("username"));
    for (key, code, ignore_case, advice) in checks {
        // First row of each value; groups only for values seen more than once.
        let mut first: HashMap<Cow<'_, str>, usize> = HashMap::with_capacity(rows.len());
        let mut repeated: HashMap<usize, Vec<usize>> = HashMap::new();
        for (index, row) in rows.iter().enumerate() {
            if row.status == RowStatus::Skipped {
                continue;
            }
            let Some(value) = row.user.get_str(key) else {
                continue;
            };
            let value = if ignore_case && value.chars().any(char::is_uppercase) {
                Cow::Owned(value.to_lowercase())
            } else {
                Cow::Borrowed(value)
            };
            match first.get(&value) {
                Some(&at) => repeated.entry(at).or_insert_with(|| vec![at]).push(index),
                None => {
                    first.insert(value, index);
                }
            }
        }
        drop(first);
        let name = plan.name_of(key);
        let mut groups: Vec<Vec<usize>> = repeated.into_values().collect();
        groups.sort_unstable();
        for group in groups {
            for &index in &group {
                let others: Vec<u64> = group
                    .iter()
                    .filter(|&&o| o != index)
                    .map(|&o| rows[o].line)
                    .collect();
                let row = &mut rows[index];
                let value = row.user.get_str(key).unwrap_or("").to_owned();
                let what = if key == "username" && username_derived {
                    format!("the username \"{value}\", made from the email address,")
                } else {
                    format!("\"{value}\"")
                };
                let message = format!("{what} is also used on {}. {advice}", lines_phrase(&others));
                row.push_labeled(Some(key), &name, Severity::Error, code, message);
            }
        }
    }
}

/// "line 4", "lines 4 and 9", "lines 4, 9, 12 and 3 more".
fn lines_phrase(lines: &[u64]) -> String {
    const SHOWN: usize = 3;
    let mut items: Vec<String> = lines.iter().take(SHOWN).map(u64::to_string).collect();
    if lines.len() > SHOWN {
        items.push(format!("{} more", lines.len() - SHOWN));
    }
    let word = if lines.len() == 1 { "line" } else { "lines" };
    format!("{word} {}", join_and(&items))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::intake::read_table;
    use crate::mapping::auto_mapping;

    fn run(text: &str) -> CheckReport {
        let table = match read_table(text.as_bytes()) {
            Ok(table) => table,
            Err(err) => panic!("{err}"),
        };
        let mapping = auto_mapping(&table.headers);
        check(&table, &mapping)
    }

    fn codes(report: &CheckReport, line: u64) -> Vec<(Option<String>, &'static str)> {
        report
            .row_at(line)
            .map(|r| r.issues.iter().map(|i| (i.field.clone(), i.code)).collect())
            .unwrap_or_default()
    }

    #[test]
    fn ready_row_and_values() {
        let report = run("Username,Email,State,sudo,unix_uid,Group1,Group2\njdoe,j@x.com,active,yes,1001,Sales,VPN\n");
        let row = &report.rows[0];
        assert_eq!(row.status, RowStatus::Ready, "{:?}", row.issues);
        assert_eq!(
            serde_json::to_value(&row.user).ok(),
            Some(
                json!({"username": "jdoe", "email": "j@x.com", "state": "ACTIVATED", "sudo": true, "unix_uid": 1001, "groups": ["Sales", "VPN"]})
            )
        );
        assert_eq!(report.summary.ready, 1);
    }

    #[test]
    fn required_and_email_problems() {
        let report = run("username,email\n,a@x.com\nbob,bob@\ncy,\n");
        assert_eq!(
            codes(&report, 2),
            vec![(Some("username".into()), "missing_username")]
        );
        assert_eq!(
            codes(&report, 3),
            vec![(Some("email".into()), "invalid_email")]
        );
        assert_eq!(
            report.rows[1].issues[0].located(3),
            "Line 3, email: \"bob@\" is not a complete email address. Check for a missing part after the @."
        );
        assert_eq!(
            codes(&report, 4),
            vec![(Some("email".into()), "missing_email")]
        );
        assert_eq!(report.summary.error, 3);
    }

    #[test]
    fn duplicates_inside_the_file() {
        let report = run("Email,Employee ID\nAnn@x.com,7\nann@x.com,8\nann@y.com,7\n,\n");
        // Usernames come from the email addresses: all three are "ann".
        assert_eq!(
            codes(&report, 2),
            vec![
                (Some("username".into()), "duplicate_username"),
                (Some("email".into()), "duplicate_email"),
                (Some("employeeIdentifier".into()), "duplicate_employee_id"),
            ]
        );
        let row2 = &report.rows[0];
        assert!(row2.issues[0]
            .message
            .contains("made from the email address"));
        assert!(row2.issues[0].message.contains("lines 3 and 4"));
        assert_eq!(report.rows[3].status, RowStatus::Skipped);
        assert_eq!(report.summary.skipped, 1);
        assert!(report
            .issues
            .iter()
            .any(|i| i.code == "username_from_email"));
    }

    #[test]
    fn excel_damage_is_a_warning() {
        let report = run(
            "username,email,Employee ID,Department\na,a@x.com,001234,=HYPERLINK(\"x\")\nb,b@x.com,001235,Sales\nc,c@x.com,1236,Ops\nd,d@x.com,1.24E+05,Ops\ne,e@x.com,004321,-Ops\n",
        );
        assert_eq!(
            codes(&report, 2),
            vec![(Some("department".into()), "formula_like_value")]
        );
        assert_eq!(
            codes(&report, 4),
            vec![(Some("employeeIdentifier".into()), "lost_leading_zeros")]
        );
        assert_eq!(
            codes(&report, 5),
            vec![(Some("employeeIdentifier".into()), "scientific_notation")]
        );
        assert_eq!(
            codes(&report, 6),
            vec![(Some("department".into()), "formula_like_value")]
        );
        assert_eq!(report.summary.warning, 4);
        assert_eq!(report.summary.ready, 1);
    }

    #[test]
    fn shapes_states_and_lengths() {
        let long = "x".repeat(257);
        let text = format!("username,email,state,employeeIdentifier\na,a@x.com,CA,1\nb,b@x.com\nc,c@x.com,,2,extra\nd,d@x.com,,3,,\ne,e@x.com,,{long}\n");
        let report = run(&text);
        assert_eq!(
            codes(&report, 2),
            vec![(Some("state".into()), "invalid_state")]
        );
        assert_eq!(codes(&report, 3), vec![(None, "too_few_fields")]);
        assert_eq!(codes(&report, 4), vec![(None, "too_many_fields")]);
        assert_eq!(codes(&report, 5), vec![]);
        assert_eq!(
            codes(&report, 6),
            vec![(Some("employeeIdentifier".into()), "too_long")]
        );
    }

    #[test]
    fn attribute_pairs() {
        let report = run("username,email,Attribute1_name,Attribute1_value,Attribute2_name,Attribute2_value\na,a@x.com,Badge,42,Floor,\nb,b@x.com,,,,x\n");
        assert_eq!(
            serde_json::to_value(report.rows[0].user.get("attributes")).ok(),
            Some(json!([{"name": "Badge", "value": "42"}]))
        );
        assert_eq!(
            codes(&report, 2),
            vec![(Some("attribute2_name".into()), "attribute_missing_value")]
        );
        assert_eq!(
            codes(&report, 3),
            vec![(Some("attribute2_value".into()), "attribute_missing_name")]
        );
    }

    #[test]
    fn file_level_column_issues() {
        let report =
            run("Email,E-mail Address,email,Shoe size,,username\na@x.com,b@x.com,c@x.com,42,,a\n");
        let file: Vec<(Option<usize>, &str)> =
            report.issues.iter().map(|i| (i.column, i.code)).collect();
        assert_eq!(
            file,
            vec![
                (Some(3), "duplicate_header"),
                (Some(2), "duplicate_field"),
                (Some(4), "unknown_column")
            ]
        );
        let fields: Vec<Option<&str>> = report.columns.iter().map(|c| c.field.as_deref()).collect();
        assert_eq!(
            fields,
            vec![Some("email"), None, None, None, None, Some("username")]
        );
        assert_eq!(report.rows[0].user.get_str("email"), Some("a@x.com"));
        let report = run("username\na\n");
        assert!(report
            .issues
            .iter()
            .any(|i| i.code == "missing_email_column"));
    }
}
