//! Decoding entry points: fast path first, and on failure a second pass that finds the JSON path.

use std::io::Read;

use serde::de::DeserializeOwned;

use crate::Error;

/// `serde_json` refuses nesting at this depth in the values it builds; [`check_depth`] applies the
/// same limit to the whole input, the members that are skipped or kept verbatim included.
const MAX_DEPTH: usize = 128;

/// Decodes `bytes`. Errors carry the JSON path of the fault: the fast decoder runs first, and only
/// when it fails is the input decoded again with path tracking, so valid input pays nothing for it.
pub(crate) fn from_slice_with_path<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, Error> {
    if let Err(offset) = check_depth(bytes) {
        return Err(Error::too_deep(bytes, offset));
    }
    match serde_json::from_slice(bytes) {
        Ok(value) => Ok(value),
        Err(first) => {
            let mut de = serde_json::Deserializer::from_slice(bytes);
            Err(explain::<T>(first, &mut de))
        }
    }
}

/// [`from_slice_with_path`] for text.
pub(crate) fn from_str_with_path<T: DeserializeOwned>(text: &str) -> Result<T, Error> {
    from_slice_with_path(text.as_bytes())
}

/// Reads `reader` to its end, then decodes the bytes (`serde_json` reads a slice several times
/// faster than an `io::Read`).
pub(crate) fn from_reader_with_path<T: DeserializeOwned>(
    mut reader: impl Read,
) -> Result<T, Error> {
    let mut bytes = Vec::new();
    reader.read_to_end(&mut bytes).map_err(Error::from_io)?;
    from_slice_with_path(&bytes)
}

fn explain<'de, T: DeserializeOwned>(
    first: serde_json::Error,
    de: &mut serde_json::Deserializer<serde_json::de::SliceRead<'de>>,
) -> Error {
    let tracked: Result<T, _> = serde_path_to_error::deserialize(&mut *de);
    match tracked {
        Err(err) => {
            let path = err.path().to_string();
            Error::from_json(err.into_inner(), Some(path))
        }
        Ok(_) => match de.end() {
            Err(end) => Error::from_json(end, None),
            Ok(()) => Error::from_json(first, None),
        },
    }
}

/// Finds the first place where arrays and objects nest [`MAX_DEPTH`] deep, outside strings.
///
/// `serde_json` skips ignored members and captures raw values without recursion, so it accepts any
/// nesting there; this scan makes "too deep" an error wherever it occurs. It reads eight bytes at
/// a time and stops only at quotes, backslashes and brackets, so it costs a small fraction of the
/// decode (see `docs/benchmarks.md`).
pub(crate) fn check_depth(bytes: &[u8]) -> Result<(), usize> {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut i = 0;
    while i < bytes.len() {
        if let Some(chunk) = bytes.get(i..i + 8) {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            let word = u64::from_le_bytes(word);
            let interesting = if in_string {
                has_byte(word, b'"') | has_byte(word, b'\\')
            } else {
                has_byte(word, b'"')
                    | has_byte(word, b'{')
                    | has_byte(word, b'}')
                    | has_byte(word, b'[')
                    | has_byte(word, b']')
            };
            if !interesting {
                i += 8;
                continue;
            }
        }
        let b = bytes[i];
        if in_string {
            match b {
                b'\\' => i += 1,
                b'"' => in_string = false,
                _ => {}
            }
        } else {
            match b {
                b'"' => in_string = true,
                b'{' | b'[' => {
                    depth += 1;
                    if depth >= MAX_DEPTH {
                        return Err(i);
                    }
                }
                b'}' | b']' => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
        i += 1;
    }
    Ok(())
}

/// Whether any byte of `word` equals `b` (the classic SWAR zero-byte test).
#[inline]
fn has_byte(word: u64, b: u8) -> bool {
    const LOW: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let x = word ^ (LOW * u64::from(b));
    (x.wrapping_sub(LOW) & !x & HIGH) != 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn depth_scan_finds_the_limit_and_ignores_strings() {
        let ok = format!("{}{}", "[".repeat(MAX_DEPTH - 1), "]".repeat(MAX_DEPTH - 1));
        assert_eq!(check_depth(ok.as_bytes()), Ok(()));
        let deep = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert_eq!(check_depth(deep.as_bytes()), Err(MAX_DEPTH - 1));
        let in_string = format!("\"{}\"", "[".repeat(1000));
        assert_eq!(check_depth(in_string.as_bytes()), Ok(()));
        let escaped = format!("[\"\\\"{}\"]", "{".repeat(1000));
        assert_eq!(check_depth(escaped.as_bytes()), Ok(()));
        // The same verdict as serde_json on its own values.
        assert!(serde_json::from_str::<serde_json::Value>(&ok).is_ok());
        assert!(serde_json::from_str::<serde_json::Value>(&deep).is_err());
    }

    #[test]
    fn has_byte_checks_every_lane() {
        for lane in 0..8 {
            let mut bytes = [b'a'; 8];
            bytes[lane] = b'{';
            assert!(has_byte(u64::from_le_bytes(bytes), b'{'));
            assert!(!has_byte(u64::from_le_bytes(bytes), b'['));
        }
    }
}
