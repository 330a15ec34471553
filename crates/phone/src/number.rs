//! The normalized phone number.

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::str::FromStr;

use crate::error::{Error, ErrorKind, Input};
use crate::table::Country;

/// Most digits of an E.164 number, country code included.
pub(crate) const MAX_E164_DIGITS: usize = 15;
/// Most digits of an extension.
pub(crate) const MAX_EXTENSION_DIGITS: usize = 20;

/// A phone number normalized to E.164, with its extension when it had one.
///
/// Made by [`PhoneNumber::from_alexa`] (the Customer Profile API's `countryCode` and
/// `phoneNumber`), [`PhoneNumber::parse`] (any text and a default country code) or
/// [`FromStr`] (E.164 and RFC 3966 `tel:` text). Holds its digits inline: no allocation.
///
/// Equality, hashing and ordering look at the country code, the national number and the
/// extension, not at [`country_code_source`](Self::country_code_source). Numbers order by their
/// E.164 text, then by extension.
///
/// `Debug` shows the country code only (`PhoneNumber(+91 <redacted>)`): a phone number is personal
/// data and `Debug` output ends up in logs. Reading the number is an explicit call:
/// [`e164`](Self::e164), [`national_number`](Self::national_number), [`rfc3966`](Self::rfc3966),
/// or `Display`. `Display` writes the E.164 form because that is what an SMS gateway takes: use it
/// to send, never to log.
#[derive(Clone, Copy)]
// `repr(C, align(8))` puts `e164` first and 8-byte aligned: see `PhoneNumber::text`.
#[repr(C, align(8))]
pub struct PhoneNumber {
    /// `+` and the digits; `len` bytes are used, the rest are zeros.
    e164: [u8; E164_BUF],
    len: u8,
    /// Digits of the country code.
    code_len: u8,
    code: u16,
    extension: [u8; MAX_EXTENSION_DIGITS],
    extension_len: u8,
    source: CountryCodeSource,
}

/// The size of `PhoneNumber::e164`: `+` and 15 digits.
const E164_BUF: usize = MAX_E164_DIGITS + 1;

/// Where the country calling code of a [`PhoneNumber`] came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CountryCodeSource {
    /// A `+` in the phone number (`+91 7799 82 77 11`); a `countryCode` beside it was ignored.
    PlusSign,
    /// An international (IDD) prefix of the default country in the phone number, such as `00` or
    /// `011` (`countryCode` `+1`, `phoneNumber` `011 44 20 7946 0958`).
    InternationalPrefix,
    /// The default country code repeated without `+` at the start of the phone number
    /// (`countryCode` `91`, `phoneNumber` `917799827710`).
    RepeatedCountryCode,
    /// The default country code: the `countryCode` field for
    /// [`from_alexa`](PhoneNumber::from_alexa), the argument of [`parse`](PhoneNumber::parse).
    DefaultCountryCode,
}

impl PhoneNumber {
    /// Builds a number from its parts: `country`, the national number's ASCII digits and the
    /// extension's. [`ErrorKind::TooLong`] when they do not fit (more than 15 digits in all).
    #[inline(always)]
    pub(crate) fn from_parts(
        country: &Country,
        national: &[u8],
        extension: &[u8],
        source: CountryCodeSource,
    ) -> Result<PhoneNumber, Error> {
        let too_long = Error::new(ErrorKind::TooLong, Input::PhoneNumber);
        let (code, prefix, code_len) =
            (country.code, country.e164_prefix, usize::from(country.code_len));
        let len = 1 + code_len + national.len();
        if code_len > 3 || len > E164_BUF || extension.len() > MAX_EXTENSION_DIGITS {
            return Err(too_long);
        }
        let mut n = PhoneNumber {
            e164: [0; E164_BUF],
            len: u8::try_from(len).map_err(|_| too_long)?,
            code_len: u8::try_from(code_len).map_err(|_| too_long)?,
            code,
            extension: [0; MAX_EXTENSION_DIGITS],
            extension_len: u8::try_from(extension.len()).map_err(|_| too_long)?,
            source,
        };
        // All four bytes of the prefix, a fixed-size copy: a zero after a shorter code is
        // overwritten by the national number.
        n.e164.get_mut(..4).ok_or(too_long)?.copy_from_slice(&prefix);
        put(n.e164.get_mut(1 + code_len..).unwrap_or_default(), national).ok_or(too_long)?;
        if !extension.is_empty() {
            put(&mut n.extension, extension).ok_or(too_long)?;
        }
        Ok(n)
    }

    /// The whole of `e164` as text, the zeros after the number included. `str::from_utf8` checks
    /// an 8-byte-aligned run of 16 bytes a word at a time, in about 25 instructions; the number
    /// alone (`..len`, shorter) it checks byte by byte, in about 100 (callgrind), and `e164()` is
    /// what every caller reads. Slicing the result then costs one char-boundary test.
    #[inline]
    fn text(&self) -> &str {
        std::str::from_utf8(&self.e164).unwrap_or_default()
    }

    /// The country calling code: `91` for `+917799827711`.
    #[must_use]
    pub fn country_code(&self) -> u16 {
        self.code
    }

    /// The national significant number: the digits after the country code, without a trunk
    /// prefix (`7799827711`), with the leading zero of Italian-style numbers (`0612345678`).
    #[must_use]
    pub fn national_number(&self) -> &str {
        let start = 1 + usize::from(self.code_len);
        self.text().get(start..usize::from(self.len)).unwrap_or_default()
    }

    /// The extension's digits, when the number had one (`ext. 12`, `x12`, `;ext=12`).
    #[must_use]
    pub fn extension(&self) -> Option<&str> {
        let ext = self.extension.get(..usize::from(self.extension_len)).unwrap_or_default();
        (!ext.is_empty()).then(|| ascii(ext))
    }

    /// The E.164 form: `+`, the country code and the national number, such as `+917799827711`.
    /// The extension is not part of it.
    #[must_use]
    #[inline]
    pub fn e164(&self) -> &str {
        self.text().get(..usize::from(self.len)).unwrap_or_default()
    }

    /// The E.164 form, as `http::StatusCode::as_str` names it; the same as [`e164`](Self::e164).
    #[must_use]
    pub fn as_str(&self) -> &str {
        self.e164()
    }

    /// The RFC 3966 URI: `tel:+917799827711`, or `tel:+917799827711;ext=12` with an extension.
    #[must_use]
    pub fn rfc3966(&self) -> String {
        let mut out = String::with_capacity(4 + usize::from(self.len) + 5 + 20);
        out.push_str("tel:");
        out.push_str(self.e164());
        if let Some(ext) = self.extension() {
            out.push_str(";ext=");
            out.push_str(ext);
        }
        out
    }

    /// Where the country calling code came from.
    #[must_use]
    pub fn country_code_source(&self) -> CountryCodeSource {
        self.source
    }

    fn key(&self) -> (&str, Option<&str>) {
        (self.e164(), self.extension())
    }
}

/// Copies `src` to the start of `dst`; `None` when it does not fit. From 8 to 16 bytes (most
/// national numbers) with two overlapping copies of 8: a copy of a length the compiler does not
/// know is a `memcpy` call, which costs more than the copy itself (callgrind).
#[inline]
fn put(dst: &mut [u8], src: &[u8]) -> Option<()> {
    let dst = dst.get_mut(..src.len())?;
    match (src.first_chunk::<8>(), src.last_chunk::<8>()) {
        (Some(head), Some(tail)) if src.len() <= 16 => {
            *dst.first_chunk_mut::<8>()? = *head;
            *dst.last_chunk_mut::<8>()? = *tail;
        }
        _ => dst.copy_from_slice(src),
    }
    Some(())
}

/// The bytes are ASCII digits by construction.
fn ascii(bytes: &[u8]) -> &str {
    std::str::from_utf8(bytes).unwrap_or_default()
}

impl fmt::Display for PhoneNumber {
    /// Writes the E.164 form (`+917799827711`), for sending; do not log it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.e164())
    }
}

impl fmt::Debug for PhoneNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PhoneNumber(+{} <redacted>)", self.code)
    }
}

impl PartialEq for PhoneNumber {
    fn eq(&self, other: &Self) -> bool {
        self.key() == other.key()
    }
}

impl Eq for PhoneNumber {}

impl Hash for PhoneNumber {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.key().hash(state);
    }
}

impl PartialOrd for PhoneNumber {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for PhoneNumber {
    fn cmp(&self, other: &Self) -> Ordering {
        self.key().cmp(&other.key())
    }
}

impl FromStr for PhoneNumber {
    type Err = Error;

    /// Parses E.164 (`+917799827711`, separators allowed) or RFC 3966 (`tel:+91-77998-27711;ext=12`)
    /// text: a number with its country code, as [`PhoneNumber::parse`] with no default country
    /// code.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        PhoneNumber::parse(s, None)
    }
}

impl TryFrom<&str> for PhoneNumber {
    type Error = Error;

    fn try_from(s: &str) -> Result<Self, Self::Error> {
        s.parse()
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for PhoneNumber {
    /// A string: the E.164 form, or the RFC 3966 URI when there is an extension.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.extension().is_some() {
            serializer.serialize_str(&self.rfc3966())
        } else {
            serializer.serialize_str(self.e164())
        }
    }
}

#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for PhoneNumber {
    /// A string, through [`FromStr`].
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = PhoneNumber;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a phone number in E.164 or RFC 3966 form")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<PhoneNumber, E> {
                v.parse().map_err(E::custom)
            }
        }
        deserializer.deserialize_str(Visitor)
    }
}
