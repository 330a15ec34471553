//! Durations as people write them on a command line: `100ms`, `1s`, `1.5s`, `2m`.

use std::time::Duration;

/// The longest duration accepted: an hour is already far beyond any useful latency.
const MAX: Duration = Duration::from_secs(3600);

/// Parses a decimal number followed by a unit (`us`, `ms`, `s` or `m`), such as `100ms`, `1s` or
/// `1.5s`. Whitespace, signs, exponents and a missing unit are refused.
pub(crate) fn parse(s: &str) -> Result<Duration, String> {
    const HELP: &str =
        "expected a number and a unit, such as 100ms, 1s or 1.5s (units: us, ms, s, m)";
    let split = s.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(s.len());
    let (number, unit) = s.split_at(split);
    let nanos_per_unit: u128 = match unit {
        "us" => 1_000,
        "ms" => 1_000_000,
        "s" => 1_000_000_000,
        "m" => 60_000_000_000,
        _ => return Err(HELP.to_owned()),
    };
    let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
    let digits_only = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || !digits_only(whole) || !digits_only(fraction) || number.ends_with('.') {
        return Err(HELP.to_owned());
    }
    // Integer arithmetic in nanoseconds: no float rounding, and overflow is an error.
    let too_long = || format!("longer than {}s", MAX.as_secs());
    let whole: u128 = whole.parse().map_err(|_| too_long())?;
    let mut nanos = whole.checked_mul(nanos_per_unit).ok_or_else(too_long)?;
    let mut scale = nanos_per_unit;
    for digit in fraction.bytes() {
        scale /= 10;
        nanos = nanos.checked_add(u128::from(digit - b'0') * scale).ok_or_else(too_long)?;
    }
    if nanos > MAX.as_nanos() {
        return Err(too_long());
    }
    let nanos = u64::try_from(nanos).map_err(|_| too_long())?;
    Ok(Duration::from_nanos(nanos))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn good_durations() {
        assert_eq!(parse("100ms"), Ok(Duration::from_millis(100)));
        assert_eq!(parse("1s"), Ok(Duration::from_secs(1)));
        assert_eq!(parse("1.5s"), Ok(Duration::from_millis(1500)));
        assert_eq!(parse("0.25ms"), Ok(Duration::from_micros(250)));
        assert_eq!(parse("2m"), Ok(Duration::from_secs(120)));
        assert_eq!(parse("750us"), Ok(Duration::from_micros(750)));
        assert_eq!(parse("0s"), Ok(Duration::ZERO));
        assert_eq!(parse("60m"), Ok(MAX));
    }

    #[test]
    fn bad_durations() {
        for bad in [
            "",
            "100",
            "ms",
            "1.s",
            ".5s",
            "1..5s",
            "-1s",
            "+1s",
            "1 s",
            " 1s",
            "1e3ms",
            "1h",
            "1S",
            "1.5.5s",
            "61m",
            "99999999999999999999999999999999999999999s",
            "١s",
        ] {
            assert!(parse(bad).is_err(), "{bad:?}");
        }
    }
}
