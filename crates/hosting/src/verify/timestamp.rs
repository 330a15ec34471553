//! `request.timestamp`: parsing ISO 8601 and the tolerance check.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use alexa_model::RequestEnvelope;

use super::error::{VerifyError, VerifyErrorKind};

/// How far `request.timestamp` may be from now: 150 seconds.
pub const TIMESTAMP_TOLERANCE: Duration = Duration::from_secs(150);

/// How far the timestamp of an `AlexaSkillEvent.*` request (permission, enablement and account
/// linking events, which Alexa may deliver late) may be from now: one hour.
pub const SKILL_EVENT_TIMESTAMP_TOLERANCE: Duration = Duration::from_secs(3600);

/// Checks `request.timestamp` against `now`: at most [`TIMESTAMP_TOLERANCE`] away (either way),
/// or [`SKILL_EVENT_TIMESTAMP_TOLERANCE`] for `AlexaSkillEvent.*` requests. A difference of
/// exactly the tolerance passes.
pub(crate) fn check(envelope: &RequestEnvelope, now: SystemTime) -> Result<(), VerifyError> {
    let request = &envelope.request;
    let text =
        request.timestamp().ok_or_else(|| VerifyError::new(VerifyErrorKind::MissingTimestamp))?;
    let at =
        parse_iso8601(text).ok_or_else(|| VerifyError::new(VerifyErrorKind::InvalidTimestamp))?;
    let tolerance = if request.request_type().starts_with("AlexaSkillEvent.") {
        SKILL_EVENT_TIMESTAMP_TOLERANCE
    } else {
        TIMESTAMP_TOLERANCE
    };
    let distance = match now.duration_since(at) {
        Ok(past) => past,
        Err(future) => future.duration(),
    };
    if distance > tolerance {
        return Err(VerifyError::new(VerifyErrorKind::TimestampOutOfRange { tolerance }));
    }
    Ok(())
}

/// Parses `YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)` (RFC 3339, which is what Alexa
/// sends: `2024-08-01T12:00:00Z`).
pub(crate) fn parse_iso8601(text: &str) -> Option<SystemTime> {
    let b = text.as_bytes();
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't') {
        return None;
    }
    if b[13] != b':' || b[16] != b':' {
        return None;
    }
    let num = |range: std::ops::Range<usize>| -> Option<u32> {
        b[range]
            .iter()
            .try_fold(0u32, |acc, c| c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0')))
    };
    let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (hour, minute, second) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if !(1970..=9999).contains(&year)
        || !(1..=12).contains(&month)
        || day == 0
        || day > days_in_month(year, month)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return None;
    }
    let mut rest = &text[19..];
    let mut nanos = 0u32;
    if let Some(fraction) = rest.strip_prefix('.') {
        let digits = fraction.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        for (i, c) in fraction.bytes().take(digits).enumerate() {
            if i < 9 {
                nanos += u32::from(c - b'0') * 10u32.pow(8 - i as u32);
            }
        }
        rest = &fraction[digits..];
    }
    let offset: i64 = match rest.as_bytes() {
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2]
            if [h1, h2, m1, m2].iter().all(|c| c.is_ascii_digit()) =>
        {
            let hours = i64::from((h1 - b'0') * 10 + (h2 - b'0'));
            let minutes = i64::from((m1 - b'0') * 10 + (m2 - b'0'));
            if hours > 23 || minutes > 59 {
                return None;
            }
            let seconds = hours * 3600 + minutes * 60;
            if *sign == b'+' { seconds } else { -seconds }
        }
        _ => return None,
    };
    let days = days_from_civil(i64::from(year), month, day);
    let seconds =
        days * 86_400 + i64::from(hour) * 3600 + i64::from(minute) * 60 + i64::from(second)
            - offset;
    let seconds = u64::try_from(seconds).ok()?;
    UNIX_EPOCH.checked_add(Duration::new(seconds, nanos))
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secs(text: &str) -> Option<(u64, u32)> {
        parse_iso8601(text).map(|t| {
            let d = t.duration_since(UNIX_EPOCH).unwrap();
            (d.as_secs(), d.subsec_nanos())
        })
    }

    #[test]
    fn parses_what_alexa_sends() {
        assert_eq!(secs("1970-01-01T00:00:00Z"), Some((0, 0)));
        assert_eq!(secs("2024-08-01T12:00:00Z"), Some((1_722_513_600, 0)));
        assert_eq!(secs("2000-02-29T23:59:59Z"), Some((951_868_799, 0)));
        assert_eq!(secs("2024-08-01T12:00:00.250Z"), Some((1_722_513_600, 250_000_000)));
        assert_eq!(secs("2024-08-01T14:00:00+02:00"), Some((1_722_513_600, 0)));
        assert_eq!(secs("2024-08-01T07:00:00-05:00"), Some((1_722_513_600, 0)));
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
            "1969-12-31T23:59:59Z",
            "2024-08-01T12:00:00Zjunk",
            "+024-08-01T12:00:00Z",
            "20\u{e9}4-08-01T12:00:00Z",
            "2024-08-01T12:00:0\u{e9}Z",
        ] {
            assert_eq!(secs(bad), None, "{bad}");
        }
    }
}
