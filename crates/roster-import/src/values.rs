//! Checks of single values: email syntax, states, yes/no, numbers, and the marks spreadsheets
//! leave on data (scientific notation, formulas, error values).

/// Why an email address is not valid: the end of the sentence `"VALUE" ...`.
pub fn email_problem(value: &str) -> Option<String> {
    let Some((local, domain)) = value.split_once('@') else {
        return Some(
            "is not an email address: it has no @. An email address looks like name@example.com."
                .to_owned(),
        );
    };
    if domain.contains('@') {
        return Some("has more than one @. Keep only one address in the cell.".to_owned());
    }
    if let Some(c) = value.chars().find(|c| c.is_whitespace()) {
        let what = if c == ' ' {
            "a space"
        } else {
            "a blank character"
        };
        return Some(format!("contains {what}. Remove it."));
    }
    if local.is_empty() {
        return Some(
            "is not a complete email address. Check for a missing name before the @.".to_owned(),
        );
    }
    if domain.is_empty() {
        return Some(
            "is not a complete email address. Check for a missing part after the @.".to_owned(),
        );
    }
    const LOCAL_SPECIALS: &str = "!#$%&'*+/=?^_`{|}~.-";
    if let Some(c) = local
        .chars()
        .find(|&c| !(c.is_alphanumeric() || LOCAL_SPECIALS.contains(c)))
    {
        return Some(format!(
            "contains the character \"{c}\", which cannot be part of an email address. Remove it."
        ));
    }
    if local.starts_with('.') || local.ends_with('.') || local.contains("..") {
        return Some("has a misplaced dot before the @. Check the spelling.".to_owned());
    }
    if let Some(c) = domain
        .chars()
        .find(|&c| !(c.is_alphanumeric() || c == '-' || c == '.'))
    {
        return Some(format!(
            "contains the character \"{c}\" after the @, which cannot be part of a domain name. Remove it."
        ));
    }
    if !domain.contains('.') {
        return Some(format!(
            "is missing the end of the domain after the @ (like \"{domain}.com\"). Check the spelling."
        ));
    }
    let labels_ok = domain
        .split('.')
        .all(|l| !l.is_empty() && !l.starts_with('-') && !l.ends_with('-'));
    let tld = domain.rsplit('.').next().unwrap_or("");
    if !labels_ok || tld.chars().count() < 2 || tld.chars().all(|c| c.is_ascii_digit()) {
        return Some(format!(
            "has \"{domain}\" after the @, which is not a valid domain name. Check the spelling."
        ));
    }
    None
}

/// The JumpCloud state a value means, case-insensitively, with friendly synonyms.
pub fn parse_state(value: &str) -> Option<&'static str> {
    match value.to_lowercase().as_str() {
        "staged" | "pending" | "stage" => Some("STAGED"),
        "activated" | "active" | "activate" | "enabled" | "actif" | "aktiv" | "activo" => {
            Some("ACTIVATED")
        }
        "suspended" | "suspend" | "disabled" | "inactive" | "suspendu" | "gesperrt"
        | "deaktiviert" | "suspendido" => Some("SUSPENDED"),
        _ => None,
    }
}

/// A yes/no value: true/false, yes/no, y/n, 1/0, on/off, PowerShell's $true/$false.
pub fn parse_bool(value: &str) -> Option<bool> {
    match value.to_lowercase().as_str() {
        "true" | "yes" | "y" | "1" | "on" | "$true" | "ja" | "oui" | "si" | "sí" => Some(true),
        "false" | "no" | "n" | "0" | "off" | "$false" | "nein" | "non" => Some(false),
        _ => None,
    }
}

/// The example people that account templates ship with, by email address (compared ignoring
/// capitals), with the template they come from. Microsoft 365's "Add multiple users" sample
/// CSV and Microsoft Entra's bulk-create template fill their example rows with these
/// fictional Contoso users. Only these exact addresses count; a real person is never
/// matched by name alone.
const TEMPLATE_EXAMPLES: &[(&str, &str)] = &[
    ("chris@contoso.com", "Microsoft"),
    ("ben@contoso.com", "Microsoft"),
    ("david@contoso.com", "Microsoft"),
    ("cynthia@contoso.com", "Microsoft"),
    ("melissa@contoso.com", "Microsoft"),
];

/// Whose template `email` is an example person from, if it is one.
pub fn template_example(email: &str) -> Option<&'static str> {
    TEMPLATE_EXAMPLES
        .iter()
        .find(|(example, _)| example.eq_ignore_ascii_case(email))
        .map(|(_, source)| *source)
}

/// Whether `value` (the first value of a row) is a report footer or heading rather than a
/// person: "Total: 12", "Grand total", "Generated on 2026-11-30", "Page 1 of 3", "Report run
/// 30.11.2026", "End of report", "Record count: 4".
pub fn is_report_footer(value: &str) -> bool {
    let lower = value.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    match words.as_slice() {
        ["total" | "totals" | "subtotal" | "sum" | "count" | "gesamt" | "summe", ..] => true,
        ["grand", "total", ..]
        | ["end", "of", "report", ..]
        | ["record" | "row" | "employee", "count", ..] => true,
        ["generated" | "exported" | "printed" | "created" | "run" | "erstellt", ..] => true,
        ["report", "generated" | "run" | "created" | "date", ..] => true,
        ["page" | "seite", n, "of" | "von", m] => {
            n.bytes().all(|b| b.is_ascii_digit()) && m.bytes().all(|b| b.is_ascii_digit())
        }
        _ => false,
    }
}

/// How an HR status says the person no longer works there: `Some(true)` for a definite
/// departure ("Terminated", "Left", "Former employee"), `Some(false)` for "Inactive" (BambooHR
/// and older HiBob exports use it for people who left, but JumpCloud admins also use it for
/// suspended accounts), `None` otherwise.
pub fn departure(value: &str) -> Option<bool> {
    match value.to_lowercase().as_str() {
        "terminated" | "termed" | "term" | "left" | "former" | "former employee" | "separated"
        | "offboarded" | "resigned" | "retired" | "deceased" | "withdrawn" | "ausgetreten"
        | "ehemalig" | "gekündigt" | "licencié" | "parti" => Some(true),
        "inactive" | "inaktiv" | "inactif" => Some(false),
        _ => None,
    }
}

/// A whole number made of ASCII digits.
pub fn parse_integer(value: &str) -> Option<u64> {
    if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    value.parse().ok()
}

/// Whether the value looks like a number Excel wrote in scientific notation (1.23E+05).
pub fn is_scientific(value: &str) -> bool {
    let body = value.strip_prefix(['+', '-']).unwrap_or(value);
    let Some(e) = body.find(['e', 'E']) else {
        return false;
    };
    let (mantissa, exponent) = (&body[..e], &body[e + 1..]);
    let exponent = exponent.strip_prefix(['+', '-']).unwrap_or(exponent);
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = match mantissa.split_once(['.', ',']) {
        Some((int, frac)) => digits(int) && digits(frac),
        None => digits(mantissa),
    };
    mantissa_ok && digits(exponent)
}

/// The first character, if the value would be run as a formula by a spreadsheet program:
/// `=` or `@` at the start, or `+`/`-` followed by something that is not a phone number or a
/// plain number (so "+49 30 1234567" and a lone "-" pass).
pub fn formula_start(value: &str) -> Option<char> {
    let first = value.chars().next()?;
    match first {
        '=' | '@' => Some(first),
        '+' | '-' => {
            let rest = &value[1..];
            let number_like = rest.chars().any(|c| c.is_ascii_digit())
                && rest
                    .chars()
                    .all(|c| c.is_ascii_digit() || " ()-./".contains(c));
            (!(rest.is_empty() || number_like)).then_some(first)
        }
        _ => None,
    }
}

/// Whether the value is one of a spreadsheet's error values (#N/A, #REF!, ...).
pub fn is_spreadsheet_error(value: &str) -> bool {
    value.starts_with('#')
        && matches!(
            value.to_uppercase().as_str(),
            "#N/A"
                | "#REF!"
                | "#VALUE!"
                | "#DIV/0!"
                | "#NAME?"
                | "#NULL!"
                | "#NUM!"
                | "#SPILL!"
                | "#CALC!"
                | "#GETTING_DATA"
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        for ok in [
            "a@x.com",
            "jane.doe+tag@sub.example.co.uk",
            "josé@exämple.de",
            "o'neil@x.io",
        ] {
            assert_eq!(email_problem(ok), None, "{ok}");
        }
        let cases = [
            ("bob@", "missing part after the @"),
            ("@x.com", "missing name before the @"),
            ("bob", "has no @"),
            ("a@b@c.com", "more than one @"),
            ("bob @x.com", "contains a space"),
            ("a@x.com, b@x.com", "more than one @"),
            ("bob@example", "\"example.com\""),
            ("bob@x.c", "not a valid domain"),
            ("bob@x..com", "not a valid domain"),
            ("bo,b@x.com", "character \",\""),
            ("bob.@x.com", "misplaced dot"),
            ("bob@x_y.com", "character \"_\" after the @"),
        ];
        for (bad, expected) in cases {
            let problem = email_problem(bad).unwrap_or_default();
            assert!(problem.contains(expected), "{bad}: {problem}");
        }
    }

    #[test]
    fn states_and_bools() {
        assert_eq!(parse_state("activated"), Some("ACTIVATED"));
        assert_eq!(parse_state("Active"), Some("ACTIVATED"));
        assert_eq!(parse_state("SUSPENDED"), Some("SUSPENDED"));
        assert_eq!(parse_state("Staged"), Some("STAGED"));
        assert_eq!(parse_state("CA"), None);
        assert_eq!(parse_bool("Yes"), Some(true));
        assert_eq!(parse_bool("$False"), Some(false));
        assert_eq!(parse_bool("maybe"), None);
        assert_eq!(parse_integer("0042"), Some(42));
        assert_eq!(parse_integer("4.2"), None);
        assert_eq!(parse_integer("99999999999999999999999"), None);
    }

    #[test]
    fn excel_marks() {
        for s in ["1.23E+05", "1,5E+10", "4E7", "-2.5e-3"] {
            assert!(is_scientific(s), "{s}");
        }
        for s in ["E12", "1.2.3E4", "12345", "Eve", "1E", "e+5"] {
            assert!(!is_scientific(s), "{s}");
        }
        assert_eq!(formula_start("=SUM(A1)"), Some('='));
        assert_eq!(formula_start("@foo"), Some('@'));
        assert_eq!(formula_start("+cmd|' /C calc'!A0"), Some('+'));
        assert_eq!(formula_start("-2+3+cmd"), Some('-'));
        assert_eq!(formula_start("+49 (30) 123-456"), None);
        assert_eq!(formula_start("-"), None);
        assert_eq!(formula_start("-12.5"), None);
        assert_eq!(formula_start("Sales"), None);
        assert!(is_spreadsheet_error("#n/a"));
        assert!(!is_spreadsheet_error("#1"));
    }
}
