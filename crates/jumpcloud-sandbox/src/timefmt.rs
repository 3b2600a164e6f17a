//! RFC 3339 timestamps without a date library (civil-from-days arithmetic).

use std::time::{SystemTime, UNIX_EPOCH};

/// Milliseconds since the Unix epoch, now.
pub fn now_millis() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// `2024-05-01T12:30:00.000Z`
pub fn format_millis(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    let milli = ms.rem_euclid(1000);
    let days = secs.div_euclid(86_400);
    let sod = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{milli:03}Z",
        sod / 3600,
        (sod % 3600) / 60,
        sod % 60
    )
}

/// Parses `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM:SS[.fff](Z|±HH:MM)` into epoch milliseconds.
pub fn parse_millis(s: &str) -> Option<i64> {
    let s = s.trim();
    let num = |part: &str| -> Option<i64> {
        if part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        part.parse().ok()
    };
    let (date, rest) = match s.find(['T', 't', ' ']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let mut dp = date.split('-');
    let y = num(dp.next()?)?;
    let m = num(dp.next()?)?;
    let d = num(dp.next()?)?;
    if dp.next().is_some() || !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    let mut ms = days_from_civil(y, m, d) * 86_400_000;
    if let Some(rest) = rest {
        let (clock, offset_ms) = if let Some(c) = rest.strip_suffix(['Z', 'z']) {
            (c, 0)
        } else if let Some(i) = rest.rfind(['+', '-']) {
            let (c, off) = rest.split_at(i);
            let sign = if off.starts_with('-') { -1 } else { 1 };
            let mut op = off[1..].split(':');
            let oh = num(op.next()?)?;
            let om = op.next().map_or(Some(0), num)?;
            (c, sign * (oh * 3600 + om * 60) * 1000)
        } else {
            (rest, 0)
        };
        let (hms, frac) = match clock.split_once('.') {
            Some((a, b)) => (a, Some(b)),
            None => (clock, None),
        };
        let mut tp = hms.split(':');
        let h = num(tp.next()?)?;
        let mi = num(tp.next()?)?;
        let se = tp.next().map_or(Some(0), num)?;
        if tp.next().is_some() || h > 23 || mi > 59 || se > 60 {
            return None;
        }
        let frac_ms = match frac {
            Some(f) => {
                let digits: String = f.chars().take(3).collect();
                let v = num(&digits)?;
                v * 10_i64.pow(3 - digits.len() as u32)
            }
            None => 0,
        };
        ms += (h * 3600 + mi * 60 + se) * 1000 + frac_ms - offset_ms;
    }
    Some(ms)
}

/// PowerShell's culture-invariant `[string]` of a date, `MM/dd/yyyy HH:mm:ss` (no zone: read as
/// UTC), which JumpCloud's `New-JCUser` sends as `mfa.exclusionUntil`.
pub fn parse_invariant(s: &str) -> Option<i64> {
    let (date, clock) = s.trim().split_once(' ')?;
    let mut dp = date.split('/');
    let (m, d, y) = (dp.next()?, dp.next()?, dp.next()?);
    if dp.next().is_some() || m.len() != 2 || d.len() != 2 || y.len() != 4 || clock.len() != 8 {
        return None;
    }
    parse_millis(&format!("{y}-{m}-{d}T{clock}Z"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let ms = parse_millis("2024-02-29T13:14:15.123Z").expect("valid date");
        assert_eq!(format_millis(ms), "2024-02-29T13:14:15.123Z");
        assert_eq!(parse_millis("1970-01-01"), Some(0));
        assert_eq!(
            parse_millis("2000-01-01T02:00:00+02:00"),
            parse_millis("2000-01-01")
        );
        assert_eq!(parse_millis("garbage"), None);
        assert_eq!(parse_millis("2021-13-01"), None);
        assert_eq!(
            parse_invariant("09/20/2030 13:45:12"),
            parse_millis("2030-09-20T13:45:12Z")
        );
        assert_eq!(parse_invariant("2030-09-20 13:45:12"), None);
        assert_eq!(parse_invariant("13/20/2030 13:45:12"), None);
    }
}
