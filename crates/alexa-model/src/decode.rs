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
/// `serde_json` skips ignored members and captures raw values without recursion, so it accepts
/// any nesting there; this scan makes "too deep" an error wherever it occurs. Inside strings (most
/// of an envelope's bytes: ids and tokens) it jumps eight bytes at a time to the next quote or
/// backslash; between strings it reads byte by byte. See `docs/benchmarks.md` for its cost.
pub(crate) fn check_depth(bytes: &[u8]) -> Result<(), usize> {
    // Nesting can never be deeper than the number of opening brackets: counting them (with SIMD)
    // costs a fraction of the scan, and a real envelope has far fewer than the limit.
    if memchr::memchr2_iter(b'{', b'[', bytes).count() < MAX_DEPTH {
        return Ok(());
    }
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => i = skip_string(bytes, i + 1),
            b'{' | b'[' => {
                depth += 1;
                if depth >= MAX_DEPTH {
                    return Err(i);
                }
                i += 1;
            }
            b'}' | b']' => {
                depth = depth.saturating_sub(1);
                i += 1;
            }
            _ => i += 1,
        }
    }
    Ok(())
}

/// The index just past the string whose content starts at `i` (or the end of the input).
fn skip_string(bytes: &[u8], mut i: usize) -> usize {
    loop {
        match memchr::memchr2(b'"', b'\\', &bytes[i.min(bytes.len())..]) {
            None => return bytes.len(),
            Some(at) if bytes[i + at] == b'"' => return i + at + 1,
            Some(at) => i += at + 2,
        }
    }
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
    fn strings_end_at_the_first_unescaped_quote() {
        assert_eq!(skip_string(br#"abc" x"#, 0), 4);
        assert_eq!(skip_string(br#"a\"b" x"#, 0), 5);
        assert_eq!(skip_string(br#"a\\" x"#, 0), 4);
        assert_eq!(skip_string(b"unterminated", 0), 12);
        assert_eq!(skip_string(b"ends in a backslash\\", 0), 20);
    }
}
