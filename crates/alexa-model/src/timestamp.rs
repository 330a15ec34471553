//! RFC 3339 timestamps (`request.timestamp`, `eventCreationTime`, ...): parsed and formatted by
//! hand, so the crate needs no date library.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Parses an RFC 3339 timestamp such as `2024-08-01T12:00:00Z` (what Alexa sends in
/// `request.timestamp`) or `2030-01-01T01:00:00.5+01:00`: date, `T`, time, optional fraction, and
/// `Z` or a `+HH:MM`/`-HH:MM` offset. Returns `None` for anything else, and for years before 1970.
///
/// ```
/// use std::time::{Duration, UNIX_EPOCH};
///
/// let t = alexa_model::parse_timestamp("2024-08-01T14:00:00+02:00");
/// assert_eq!(t, Some(UNIX_EPOCH + Duration::from_secs(1_722_513_600)));
/// assert_eq!(alexa_model::format_timestamp(t.unwrap_or(UNIX_EPOCH)), "2024-08-01T12:00:00Z");
/// assert_eq!(alexa_model::parse_timestamp("yesterday"), None);
/// ```
pub fn parse_timestamp(s: &str) -> Option<SystemTime> {
    let b = s.as_bytes();
    if b.len() < 20 {
        return None;
    }
    let num = |range: std::ops::Range<usize>| -> Option<i64> {
        let part = b.get(range)?;
        if part.iter().all(u8::is_ascii_digit) {
            std::str::from_utf8(part).ok()?.parse().ok()
        } else {
            None
        }
    };
    let year = num(0..4)?;
    let month = num(5..7)?;
    let day = num(8..10)?;
    let hour = num(11..13)?;
    let minute = num(14..16)?;
    let second = num(17..19)?;
    if b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't') {
        return None;
    }
    if b[13] != b':' || b[16] != b':' {
        return None;
    }
    if year < 1970 || !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return None;
    }
    if hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let mut rest = &b[19..];
    let mut nanos: u32 = 0;
    if let Some((&b'.', tail)) = rest.split_first() {
        let digits = tail.iter().take_while(|c| c.is_ascii_digit()).count();
        if digits == 0 {
            return None;
        }
        for (i, d) in tail[..digits].iter().enumerate().take(9) {
            nanos += u32::from(d - b'0') * 10u32.pow(8 - u32::try_from(i).ok()?);
        }
        rest = &tail[digits..];
    }
    let offset = match rest {
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
            let digits = [*h1, *h2, *m1, *m2];
            if !digits.iter().all(u8::is_ascii_digit) {
                return None;
            }
            let h = i64::from(h1 - b'0') * 10 + i64::from(h2 - b'0');
            let m = i64::from(m1 - b'0') * 10 + i64::from(m2 - b'0');
            if h > 23 || m > 59 {
                return None;
            }
            let secs = h * 3600 + m * 60;
            if *sign == b'+' { secs } else { -secs }
        }
        _ => return None,
    };
    // A leap second is counted as the last second of its minute.
    let second = second.min(59);
    let secs =
        days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second - offset;
    let whole = Duration::from_secs(secs.unsigned_abs());
    if secs >= 0 {
        UNIX_EPOCH.checked_add(whole + Duration::from_nanos(u64::from(nanos)))
    } else {
        UNIX_EPOCH.checked_sub(whole)?.checked_add(Duration::from_nanos(u64::from(nanos)))
    }
}

/// Formats `t` as `YYYY-MM-DDTHH:MM:SSZ` (UTC, whole seconds), the form Alexa uses in
/// `request.timestamp`. Times before 1970 are formatted as the epoch.
#[must_use]
pub fn format_timestamp(t: SystemTime) -> String {
    let secs = t.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let secs = i64::try_from(secs).unwrap_or(i64::MAX / 2);
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z", rem / 3600, (rem % 3600) / 60, rem % 60)
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day number (the inverse of [`days_from_civil`]).
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { yoe + era * 400 + 1 } else { yoe + era * 400 }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secs(text: &str) -> Option<(u64, u32)> {
        parse_timestamp(text).and_then(|t| {
            let d = t.duration_since(UNIX_EPOCH).ok()?;
            Some((d.as_secs(), d.subsec_nanos()))
        })
    }

    #[test]
    fn parses_the_forms_of_rfc_3339() {
        assert_eq!(secs("1970-01-01T00:00:00Z"), Some((0, 0)));
        assert_eq!(secs("2024-08-01T12:00:00Z"), Some((1_722_513_600, 0)));
        assert_eq!(secs("2000-02-29T23:59:59Z"), Some((951_868_799, 0)));
        assert_eq!(secs("2024-08-01T12:00:00.250Z"), Some((1_722_513_600, 250_000_000)));
        assert_eq!(secs("2024-08-01T14:00:00+02:00"), Some((1_722_513_600, 0)));
        assert_eq!(secs("2024-08-01T07:00:00-05:00"), Some((1_722_513_600, 0)));
        assert_eq!(secs("2020-01-01t00:00:00.999z"), Some((1_577_836_800, 999_000_000)));
        assert_eq!(secs("2024-02-29T12:00:00Z"), Some((1_709_208_000, 0)));
    }

    #[test]
    fn refuses_what_is_not_a_timestamp() {
        for bad in [
            "",
            "2024-08-01",
            "2024-08-01T12:00:00",
            "2024-08-01 12:00:00Z",
            "2024-13-01T12:00:00Z",
            "2023-02-29T12:00:00Z",
            "2024-08-01T24:00:00Z",
            "2024-08-01T12:00:00.Z",
            "2024-08-01T12:00:00+2:00",
            "2024-08-01T12:00:00+0100",
            "1969-12-31T23:59:59Z",
            "2024-08-01T12:00:00Zjunk",
            "+024-08-01T12:00:00Z",
            "2020/01/01T00:00:00Z",
            "20\u{e9}4-08-01T12:00:00Z",
            "2024-08-01T12:00:0\u{e9}Z",
            "yesterday at noon, roughly",
        ] {
            assert_eq!(parse_timestamp(bad), None, "{bad}");
        }
    }

    #[test]
    fn formats_and_round_trips() {
        let t = UNIX_EPOCH + Duration::from_secs(1_722_513_600);
        assert_eq!(format_timestamp(t), "2024-08-01T12:00:00Z");
        for s in ["2000-02-29T23:59:59Z", "2100-03-01T00:00:00Z", "1970-01-01T00:00:00Z"] {
            assert_eq!(parse_timestamp(s).map(format_timestamp).as_deref(), Some(s));
        }
    }
}
