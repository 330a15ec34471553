//! From text to a [`PhoneNumber`]: reading the input, then libphonenumber's parsing steps.
//!
//! Reading (`scan`) is strict: digits (any Unicode decimal digit), separators, a leading `+`, a
//! `tel:` prefix with its parameters, and one extension at the end; anything else is an error with
//! its byte offset. The steps after it follow libphonenumber's `parseHelper` over the country
//! table (see `table.rs`): country code from `+`, from the default country's international prefix,
//! or repeated at the start; national prefix and carrier code stripped (with the transform rules);
//! then the length policy of this crate.

use crate::class;
use crate::error::{Error, ErrorKind, Input};
use crate::number::{CountryCodeSource, MAX_E164_DIGITS, MAX_EXTENSION_DIGITS, PhoneNumber};
use crate::table::{self, Country, Length};

/// Most digits read from an input: E.164's 15 plus room for prefixes (`00`, `011`, a trunk
/// prefix, a repeated country code).
const MAX_DIGITS: usize = 24;
/// The digit buffer's size: a power of two above `MAX_DIGITS`, so that the scanner can index it
/// with a mask instead of a bounds check.
const DIGIT_BUF: usize = 32;

/// How many times a national prefix may be stripped (libphonenumber strips once; see the crate
/// docs for why this crate goes on until nothing is left to strip). Every strip removes at least
/// one digit, so `MAX_DIGITS` strips always reach the end: a smaller budget (it was 8) stopped
/// short on inputs with more leading trunk prefixes, and the E.164 output then normalized to a
/// different number. It only bounds rewrites that would not shrink the number.
const MAX_STRIPS: usize = MAX_DIGITS;

/// A short run of ASCII digits, inline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Digits {
    buf: [u8; DIGIT_BUF],
    len: usize,
}

impl Digits {
    const EMPTY: Digits = Digits { buf: [0; DIGIT_BUF], len: 0 };

    fn push(&mut self, d: u8) -> bool {
        match self.buf.get_mut(self.len).filter(|_| self.len < MAX_DIGITS) {
            Some(slot) => {
                *slot = d;
                self.len += 1;
                true
            }
            None => false,
        }
    }

    fn as_slice(&self) -> &[u8] {
        self.buf.get(..self.len).unwrap_or_default()
    }

    fn extend(&mut self, s: &[u8]) -> bool {
        match self
            .buf
            .get_mut(self.len..self.len + s.len())
            .filter(|_| self.len + s.len() <= MAX_DIGITS)
        {
            Some(slots) => {
                slots.copy_from_slice(s);
                self.len += s.len();
                true
            }
            None => false,
        }
    }
}

/// What reading an input found.
struct Scanned {
    plus: bool,
    digits: Digits,
    extension: [u8; MAX_EXTENSION_DIGITS],
    extension_len: usize,
}

/// An extension marker at the start of `s`: (its length in bytes, most digits, whether it is
/// RFC 3966's `;ext=`, after which no separator may follow).
fn extension_marker(s: &str) -> Option<(usize, usize, bool)> {
    let bytes = s.as_bytes();
    // The labels are ASCII, so a match ends on a character boundary.
    let starts =
        |label: &[u8]| bytes.get(..label.len()).is_some_and(|p| p.eq_ignore_ascii_case(label));
    // Only the labels that start with the first byte can match.
    match bytes.first()?.to_ascii_lowercase() {
        b';' => starts(b";ext=").then_some((5, MAX_EXTENSION_DIGITS, true)),
        b'e' if starts(b"ext") => {
            let len = if starts(b"extension") {
                9
            } else if starts(b"extn") {
                4
            } else {
                3
            };
            Some((len, MAX_EXTENSION_DIGITS, false))
        }
        b'x' | b'#' => Some((1, 9, false)),
        // Fullwidth x and #.
        _ if s.starts_with(['\u{FF58}', '\u{FF03}']) => Some((3, 9, false)),
        _ => None,
    }
}

/// Reads the extension that starts at `s` (at `offset` in the input) and runs to the end.
fn read_extension(s: &str, offset: usize, out: &mut Scanned, input: Input) -> Result<(), Error> {
    let bad = Error::at(ErrorKind::InvalidExtension, input, offset);
    let marker = extension_marker(s).ok_or(bad)?;
    read_extension_after(s, marker, offset, out, input)
}

/// `read_extension` once `extension_marker` has found `marker` at the start of `s`.
fn read_extension_after(
    s: &str,
    (marker, max, rfc): (usize, usize, bool),
    offset: usize,
    out: &mut Scanned,
    input: Input,
) -> Result<(), Error> {
    let bad = Error::at(ErrorKind::InvalidExtension, input, offset);
    let mut rest = s.get(marker..).ok_or(bad)?;
    if !rfc {
        // One `.`, `:` or fullwidth full stop, then any spaces, NBSPs, tabs, commas and dashes.
        for dot in ['.', ':', '\u{FF0E}'] {
            if let Some(after) = rest.strip_prefix(dot) {
                rest = after;
                break;
            }
        }
        while let Some(after) =
            rest.strip_prefix([' ', '\t', ',', '-']).or_else(|| rest.strip_prefix('\u{00A0}'))
        {
            rest = after;
        }
    }
    let bytes = rest.as_bytes();
    let mut i = 0;
    while let Some(&lead) = bytes.get(i) {
        let (value, width) = class::at(bytes, i, lead);
        if value >= class::SEPARATOR {
            break;
        }
        let slot = out.extension.get_mut(out.extension_len).filter(|_| out.extension_len < max);
        *slot.ok_or(bad)? = b'0' + value;
        out.extension_len += 1;
        i += width;
    }
    let mut tail = rest.get(i..).unwrap_or_default();
    if !rfc {
        tail = tail.strip_prefix('#').unwrap_or(tail);
    }
    if out.extension_len == 0 || !tail.is_empty() {
        return Err(bad);
    }
    Ok(())
}

/// Whether all eight bytes of `word` are ASCII digits: each byte is `0x30..=0x39` when its high
/// nibble is 3 and adding 6 to it does not carry into that nibble (no byte carries into the next).
#[inline]
fn eight_digits(word: u64) -> bool {
    const HIGH: u64 = 0xF0F0_F0F0_F0F0_F0F0;
    const THREES: u64 = 0x3030_3030_3030_3030;
    word & HIGH == THREES && word.wrapping_add(0x0606_0606_0606_0606) & HIGH == THREES
}

/// Reads digits (of any script), separators and a leading `+` from `text` (at `base` in the
/// input), and what `end` allows after them; returns where the number ends: the end of `text`, or
/// a `;` that ends it in [`End::Parameters`].
///
/// Runs of ASCII digits and separators go through a tight loop over the bytes (eight digits at a
/// time first); other characters are classified with one look-up from their UTF-8 bytes
/// (`class::at`), without decoding a `char`. Digits and separators take no branch of their own: a
/// separator is written to the digit buffer too, and overwritten by the next digit. The length
/// may pass `MAX_DIGITS` (what is written past it wraps around and is garbage); it is checked
/// where the loop ends.
#[inline(always)]
fn read_number(
    text: &str,
    base: usize,
    end: End,
    input: Input,
    out: &mut Scanned,
) -> Result<usize, Error> {
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut len = out.digits.len;
    if bytes.first() == Some(&b'+') && len == 0 {
        out.plus = true;
        i = 1;
    }
    // Eight digits at a time while they are all digits, which E.164 text and bare national
    // numbers mostly are (callgrind: a third of the instructions of the loop below for them).
    while let (Some(chunk), Some(slots)) =
        (bytes.get(i..i + 8), out.digits.buf.get_mut(len..len + 8))
    {
        let word = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
        if !eight_digits(word) {
            break;
        }
        slots.copy_from_slice(chunk);
        len += 8;
        i += 8;
    }
    loop {
        // ASCII digits and separators: one step each, 0 for a separator and 1 for a digit.
        for &b in bytes.get(i..).unwrap_or_default() {
            let step = class::ascii_step(b);
            if step > 1 {
                break;
            }
            out.digits.buf[len % DIGIT_BUF] = b;
            len += usize::from(step);
            i += 1;
        }
        // Then the other characters, until the next ASCII digit or separator.
        while let Some(&lead) = bytes.get(i) {
            let (class, width) = class::at(bytes, i, lead);
            if class <= class::SEPARATOR {
                if lead.is_ascii() {
                    break;
                }
                out.digits.buf[len % DIGIT_BUF] = b'0' + class;
                len += usize::from(class < class::SEPARATOR);
            } else if class == class::PLUS && len == 0 {
                out.plus = true;
            } else {
                if len > MAX_DIGITS {
                    return Err(Error::new(ErrorKind::TooLong, input));
                }
                out.digits.len = len;
                return read_other(text, i, base, end, input, out);
            }
            i += width;
        }
        if i >= bytes.len() {
            break;
        }
    }
    if len > MAX_DIGITS {
        return Err(Error::new(ErrorKind::TooLong, input));
    }
    out.digits.len = len;
    Ok(bytes.len())
}

/// What may follow the digits that `read_number` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum End {
    /// Nothing.
    Nothing,
    /// An extension (`ext. 12`, `x12`, `;ext=12`), then only whitespace.
    Extension,
    /// The parameters of a `tel:` URI, from the first `;` on: the number ends there.
    Parameters,
}

/// The rest of `read_number` at `text[i..]`, a character that is no digit, separator or leading
/// `+`: an extension, or an error. Out of line, so that the loop does not pay for its registers.
#[inline(never)]
fn read_other(
    text: &str,
    i: usize,
    base: usize,
    end: End,
    input: Input,
    out: &mut Scanned,
) -> Result<usize, Error> {
    let at = text.get(i..).unwrap_or_default();
    match end {
        End::Parameters if at.starts_with(';') => return Ok(i),
        End::Extension if out.digits.len > 0 => {
            if let Some(marker) = extension_marker(at) {
                read_extension_after(trim_end(at), marker, base + i, out, input)?;
                return Ok(text.len());
            }
        }
        _ => {}
    }
    Err(Error::at(ErrorKind::InvalidCharacter, input, base + i))
}

/// `s` before the first `byte` (ASCII), and from it on (empty when there is none). A plain loop:
/// `str::find` and `str::split` with a `char` go through a `memchr`-based searcher that costs
/// several times more on a dozen bytes (callgrind: about 400 instructions per `tel:` URI).
fn split_at_byte(s: &str, byte: u8) -> (&str, &str) {
    let at = s.bytes().position(|b| b == byte).unwrap_or(s.len());
    (s.get(..at).unwrap_or_default(), s.get(at..).unwrap_or_default())
}

/// Reads a `tel:` URI after its `tel:` (at `base` in the input).
#[inline(never)]
fn read_tel_uri(uri: &str, base: usize, out: &mut Scanned) -> Result<(), Error> {
    let end = read_number(uri, base, End::Parameters, Input::PhoneNumber, out)?;
    read_tel_params(uri.get(end..).unwrap_or_default(), base + end, out)
}

/// Reads the parameters of a `tel:` URI (`params` starts after the number, at `base`, with a `;`
/// or is empty).
fn read_tel_params(params: &str, base: usize, out: &mut Scanned) -> Result<(), Error> {
    let input = Input::PhoneNumber;
    let mut context: Option<Scanned> = None;
    let mut rest = params;
    while let Some(after) = rest.strip_prefix(';') {
        // The `;` is at `offset`.
        let offset = base + (params.len() - rest.len());
        let (param, next) = split_at_byte(after, b';');
        let (name, value) = match split_at_byte(param, b'=') {
            (name, value) if !value.is_empty() => (name, value.get(1..).unwrap_or_default()),
            _ => (param, ""),
        };
        if name.eq_ignore_ascii_case("ext") {
            // `;ext=12`, the `;` included, is what `read_extension` reads.
            let text = rest.get(..1 + param.len()).unwrap_or_default();
            let mut ext = Scanned::new();
            read_extension(text, offset, &mut ext, input)?;
            out.extension = ext.extension;
            out.extension_len = ext.extension_len;
        } else if name.eq_ignore_ascii_case("isub") {
            // An ISDN subaddress: not part of the number.
        } else if name.eq_ignore_ascii_case("phone-context") {
            if value.chars().next().is_some_and(|c| class::of_char(c) == class::PLUS) {
                let mut prefix = Scanned::new();
                read_number(value, offset + name.len() + 2, End::Nothing, input, &mut prefix)?;
                context = Some(prefix);
            } else if value.is_empty()
                || !value.chars().all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
            {
                return Err(Error::at(ErrorKind::InvalidCharacter, input, offset));
            }
        } else {
            return Err(Error::at(ErrorKind::InvalidCharacter, input, offset));
        }
        rest = next;
    }
    // A local number with a global-number-digits context: the context is its prefix.
    if let Some(prefix) = context
        && !out.plus
    {
        let mut digits = prefix.digits;
        for &d in out.digits.as_slice() {
            if !digits.push(d) {
                return Err(Error::new(ErrorKind::TooLong, input));
            }
        }
        out.digits = digits;
        out.plus = true;
    }
    Ok(())
}

impl Scanned {
    fn new() -> Scanned {
        Scanned {
            plus: false,
            digits: Digits::EMPTY,
            extension: [0; MAX_EXTENSION_DIGITS],
            extension_len: 0,
        }
    }
}

/// `str::trim_start`, without its generic searcher (about 70 instructions on a typical input,
/// callgrind). Out of line, as `trim_end`: most inputs need neither, and inlined they cost the
/// others more than that.
#[inline(never)]
fn trim_start(mut s: &str) -> &str {
    while let Some(c) = s.chars().next().filter(|c| c.is_whitespace()) {
        s = s.get(c.len_utf8()..).unwrap_or_default();
    }
    s
}

/// `str::trim_end`, as `trim_start`.
#[inline(never)]
fn trim_end(mut s: &str) -> &str {
    while let Some(c) = s.chars().next_back().filter(|c| c.is_whitespace()) {
        s = s.get(..s.len() - c.len_utf8()).unwrap_or_default();
    }
    s
}

/// `input` when it is nothing but an optional `+` and 1 to `MAX_DIGITS` ASCII digits, the shape
/// of most numbers: whether it has the `+`, and the digits, in place. `scan` would read the same
/// (callgrind: a quarter of its instructions, and no loop over the last digits).
#[inline]
fn plain_digits(input: &str) -> Option<(bool, &[u8])> {
    let bytes = input.as_bytes();
    let plus = bytes.first() == Some(&b'+');
    let digits = bytes.get(usize::from(plus)..)?;
    if digits.is_empty() || digits.len() > MAX_DIGITS {
        return None;
    }
    // Eight at a time, then the last eight, which may overlap the eight before: no loop over the
    // last digits one by one.
    let eight =
        |chunk: &[u8]| chunk.first_chunk().is_some_and(|w| eight_digits(u64::from_le_bytes(*w)));
    let all_digits = match digits.last_chunk::<8>() {
        Some(last) => digits.chunks_exact(8).all(eight) && eight(last),
        None => digits.iter().all(u8::is_ascii_digit),
    };
    all_digits.then_some((plus, digits))
}

/// Reads a phone number.
fn scan(input: &str, out: &mut Scanned) -> Result<(), Error> {
    let which = Input::PhoneNumber;
    // Most inputs start with a digit or a `+`: look at the first byte first. Whitespace at the
    // end is a separator to `read_number`, which trims it before an extension only.
    let bytes = input.as_bytes();
    let body = match bytes.first() {
        Some(b) if b.is_ascii_graphic() => input,
        // A digit of another script, say: no whitespace to trim.
        Some(&lead) if !lead.is_ascii() && class::at(bytes, 0, lead).0 != class::SEPARATOR => input,
        _ => trim_start(input),
    };
    if body.is_empty() {
        return Err(Error::new(ErrorKind::Empty, which));
    }
    let base = input.len() - body.len();
    let uri = matches!(body.as_bytes().first(), Some(b't' | b'T'))
        && body.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("tel:"));
    if uri {
        let body = match body.as_bytes().last() {
            Some(b) if b.is_ascii_graphic() => body,
            _ => trim_end(body),
        };
        read_tel_uri(body.get(4..).unwrap_or_default(), base + 4, out)?;
    } else {
        read_number(body, base, End::Extension, which, out)?;
    }
    if out.digits.len == 0 {
        return Err(Error::new(ErrorKind::NoDigits, which));
    }
    Ok(())
}

/// The default country code of a parse.
#[derive(Debug, Clone, Copy)]
pub(crate) enum DefaultCode<'a> {
    None,
    Code(u16),
    /// The Customer Profile API's `countryCode`, decoded only when it is needed.
    Field(&'a str),
}

impl DefaultCode<'_> {
    #[inline]
    fn resolve(self) -> Result<Option<&'static Country>, Error> {
        match self {
            DefaultCode::None => Ok(None),
            DefaultCode::Code(code) => table::country(u32::from(code))
                .map(Some)
                .ok_or_else(|| Error::new(ErrorKind::UnknownCountryCode, Input::CountryCode)),
            DefaultCode::Field(text) => decode_country_code(text),
        }
    }
}

/// Decodes a `countryCode`: `+91`, `91`, `0091`, `01191`, `001` (`00` and `1`); separators and
/// Unicode digits allowed. Empty gives `None`.
#[inline]
fn decode_country_code(text: &str) -> Result<Option<&'static Country>, Error> {
    // The forms Amazon sends (`+91`, `91`, `0091`, `001`) without trimming or decoding UTF-8.
    let ascii = text.strip_prefix('+').unwrap_or(text).as_bytes();
    // After an international prefix, as `country_of_code_digits` strips it, a code of one to
    // three digits, the first not 0: all the forms above, without a loop.
    let after_prefix = match ascii {
        [b'0', b'1', b'1', rest @ ..] | [b'0', b'0', rest @ ..] if !rest.is_empty() => rest,
        _ => ascii,
    };
    let digit = |b: u8| u32::from(b.wrapping_sub(b'0'));
    let code = match *after_prefix {
        [a] if (1..10).contains(&digit(a)) => Some(digit(a)),
        [a, b] if (1..10).contains(&digit(a)) && digit(b) < 10 => Some(digit(a) * 10 + digit(b)),
        [a, b, c] if (1..10).contains(&digit(a)) && digit(b) < 10 && digit(c) < 10 => {
            Some((digit(a) * 10 + digit(b)) * 10 + digit(c))
        }
        _ => None,
    };
    if let Some(code) = code {
        let unknown = Error::new(ErrorKind::UnknownCountryCode, Input::CountryCode);
        return table::country(code).map(Some).ok_or(unknown);
    }
    if (1..=8).contains(&ascii.len()) && ascii.iter().all(u8::is_ascii_digit) {
        return country_of_code_digits(ascii).map(Some);
    }
    decode_any_country_code(text)
}

/// `decode_country_code` for the other forms. Out of line, so that the common forms do not pay
/// for the registers this loop needs.
#[inline(never)]
fn decode_any_country_code(text: &str) -> Result<Option<&'static Country>, Error> {
    let which = Input::CountryCode;
    let mut digits = [0u8; 8];
    let mut len = 0;
    // Whitespace only so far: surrounding whitespace is ignored, and only whitespace is no
    // country code at all. (Whitespace is a separator, so the text need not be trimmed.)
    let mut blank = true;
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(&lead) = bytes.get(i) {
        let (class, width) = class::at(bytes, i, lead);
        if class < class::SEPARATOR {
            let slot = digits.get_mut(len);
            *slot.ok_or_else(|| Error::new(ErrorKind::UnknownCountryCode, which))? = b'0' + class;
            len += 1;
            blank = false;
        } else if class == class::SEPARATOR {
            blank &= text.get(i..).and_then(|c| c.chars().next()).is_some_and(char::is_whitespace);
        } else if class == class::PLUS && len == 0 {
            blank = false;
        } else {
            return Err(Error::at(ErrorKind::InvalidCharacter, which, i));
        }
        i += width;
    }
    let code = digits.get(..len).unwrap_or_default();
    if code.is_empty() {
        return if blank { Ok(None) } else { Err(Error::new(ErrorKind::NoDigits, which)) };
    }
    country_of_code_digits(code).map(Some)
}

/// The country of the digits of a `countryCode`, after its international prefix if it has one.
#[inline]
fn country_of_code_digits(mut code: &[u8]) -> Result<&'static Country, Error> {
    // International prefixes: 011 (NANP) before 00 (most of the world), so 0111 is +1; each only
    // when digits follow it.
    if code.len() > 3 && code.starts_with(b"011") {
        code = code.get(3..).unwrap_or_default();
    } else if code.len() > 2 && code.starts_with(b"00") {
        code = code.get(2..).unwrap_or_default();
    }
    let unknown = || Error::new(ErrorKind::UnknownCountryCode, Input::CountryCode);
    let value = match *code {
        [a] => u32::from(a - b'0'),
        [a, b] => u32::from(a - b'0') * 10 + u32::from(b - b'0'),
        [a, b, c] => (u32::from(a - b'0') * 10 + u32::from(b - b'0')) * 10 + u32::from(c - b'0'),
        _ => return Err(unknown()),
    };
    if code.first() == Some(&b'0') {
        return Err(unknown());
    }
    table::country(value).ok_or_else(unknown)
}

/// After a `+` or an international prefix: the country calling code and the rest
/// (libphonenumber's `extractCountryCode`, with its "too short after IDD" check).
#[inline]
fn split_country_code(num: &[u8]) -> Result<(&'static Country, usize), Error> {
    let which = Input::PhoneNumber;
    if num.len() <= 2 {
        return Err(Error::new(ErrorKind::TooShort, which));
    }
    if num.first() != Some(&b'0') {
        let mut value = 0u32;
        for (i, &d) in num.iter().take(3).enumerate() {
            value = value * 10 + u32::from(d - b'0');
            if let Some(country) = table::country(value) {
                return Ok((country, i + 1));
            }
        }
    }
    Err(Error::new(ErrorKind::UnknownCountryCode, which))
}

/// Where the national number is, once the country code is known.
enum National {
    /// The scanned digits from this offset on.
    From(usize),
    /// Digits rewritten by a national-prefix transform rule.
    Rewritten(Digits),
}

type Extracted = (&'static Country, National, CountryCodeSource);

/// The country code of a number without `+` (libphonenumber's `maybeExtractCountryCode` from the
/// international prefix on): `None` when the number is national.
fn extract_without_plus(
    digits: &[u8],
    default: Option<&'static Country>,
) -> Result<Option<Extracted>, Error> {
    let Some(default) = default else { return Ok(None) };
    if let Some(m) = default.international_prefix.at(digits) {
        let after = digits.get(m.end..).unwrap_or_default();
        // Country codes never start with 0: then the prefix was not an international one.
        if after.first() != Some(&b'0') {
            let (country, code_len) = split_country_code(after)?;
            let national = National::From(m.end + code_len);
            return Ok(Some((country, national, CountryCodeSource::InternationalPrefix)));
        }
    }
    if default.starts_with_code(digits) {
        let code_len = usize::from(default.code_len);
        let rest = digits.get(code_len..).unwrap_or_default();
        let national = match strip_national_prefix(default, rest) {
            Stripped::Unchanged => National::From(code_len),
            Stripped::Suffix(k) => National::From(code_len + k),
            Stripped::Rewritten(d) => National::Rewritten(d),
        };
        let fits_now = match &national {
            National::From(k) => default.matches_national(digits.get(*k..).unwrap_or_default()),
            National::Rewritten(d) => default.matches_national(d.as_slice()),
        };
        // The number did not fit its country before and does now, or it was too long before.
        if (!default.matches_national(digits) && fits_now)
            || default.length(digits.len()) == Length::TooLong
        {
            return Ok(Some((default, national, CountryCodeSource::RepeatedCountryCode)));
        }
    }
    Ok(None)
}

/// What one national-prefix strip did.
#[derive(Debug, PartialEq, Eq)]
enum Stripped {
    Unchanged,
    /// The number from this offset on.
    Suffix(usize),
    Rewritten(Digits),
}

/// One pass of libphonenumber's `maybeStripNationalPrefixAndCarrierCode`.
#[inline]
fn strip_national_prefix(country: &Country, num: &[u8]) -> Stripped {
    // Inlined: most calls end here, on the first digit.
    let prefix = &country.prefix_for_parsing;
    if num.is_empty() || prefix.program.is_empty() || !prefix.may_start(num) {
        return Stripped::Unchanged;
    }
    match_national_prefix(country, num)
}

/// `strip_national_prefix` once the first digit may start a national prefix.
#[inline(never)]
fn match_national_prefix(country: &Country, num: &[u8]) -> Stripped {
    let Some(m) = country.prefix_for_parsing.at(num) else {
        return Stripped::Unchanged;
    };
    // Whether the number fitted its country before: asked only when the result does not fit.
    let viable = || country.matches_national(num);
    let (g1, g2) = (m.group(1), m.group(2));
    let non_empty = |g: Option<(usize, usize)>| g.is_some_and(|(s, e)| e > s);
    let transform = !country.transform_rule.is_empty()
        && g1.is_some()
        && (non_empty(g2) || (non_empty(g1) && g2.is_none()));
    if !transform {
        // The prefix (and carrier code) is removed, unless that spoils a number that fitted.
        let rest = num.get(m.end..).unwrap_or_default();
        if m.end == 0 || (!country.matches_national(rest) && viable()) {
            return Stripped::Unchanged;
        }
        return Stripped::Suffix(m.end);
    }
    // The rule's `$n` are the groups; the rest of the number follows the rewritten prefix.
    let mut out = Digits::EMPTY;
    let mut rule = country.transform_rule.bytes().peekable();
    let mut ok = true;
    while let Some(b) = rule.next() {
        if b == b'$' {
            let mut n = 0usize;
            while let Some(d) = rule.next_if(u8::is_ascii_digit) {
                n = n * 10 + usize::from(d - b'0');
            }
            if let Some((s, e)) = m.group(n) {
                ok &= out.extend(num.get(s..e).unwrap_or_default());
            }
        } else {
            ok &= out.push(b);
        }
    }
    ok &= out.extend(num.get(m.end..).unwrap_or_default());
    if !ok || (!country.matches_national(out.as_slice()) && viable()) {
        return Stripped::Unchanged;
    }
    Stripped::Rewritten(out)
}

/// Normalizes `input` with a default country code. Digits alone (after an optional `+`) are read
/// in place; anything else is scanned into a buffer first.
pub(crate) fn normalize(input: &str, default: DefaultCode<'_>) -> Result<PhoneNumber, Error> {
    let mut scanned = Scanned::new();
    let (plus, digits, ext) = match plain_digits(input) {
        Some((plus, digits)) => (plus, digits, &[][..]),
        None => {
            scan(input, &mut scanned)?;
            let ext = scanned.extension.get(..scanned.extension_len).unwrap_or_default();
            (scanned.plus, scanned.digits.as_slice(), ext)
        }
    };
    if plus {
        return match split_country_code(digits) {
            Ok((country, k)) => {
                let national = digits.get(k..).unwrap_or_default();
                finish(country, national, CountryCodeSource::PlusSign, ext)
            }
            // libphonenumber then drops the `+` and tries the default country's rules.
            Err(e) if e.kind() == ErrorKind::UnknownCountryCode => {
                let default = default.resolve().ok().flatten();
                finish_at(extract_without_plus(digits, default)?.ok_or(e)?, digits, ext)
            }
            Err(e) => Err(e),
        };
    }
    let Some(default) = default.resolve()? else {
        return Err(Error::new(ErrorKind::MissingCountryCode, Input::CountryCode));
    };
    // Most national numbers start with neither the international prefix nor the country code:
    // then `extract_without_plus` finds nothing, and this is all it would have tested.
    if !default.international_prefix.may_match(digits) && !default.starts_with_code(digits) {
        return finish(default, digits, CountryCodeSource::DefaultCountryCode, ext);
    }
    extract_or_national(default, digits, ext)
}

/// The rest of `normalize` for a number without `+` that starts like the default country's
/// international prefix or calling code.
#[inline(never)]
fn extract_or_national(
    default: &'static Country,
    digits: &[u8],
    ext: &[u8],
) -> Result<PhoneNumber, Error> {
    let national = || finish(default, digits, CountryCodeSource::DefaultCountryCode, ext);
    match extract_without_plus(digits, Some(default)) {
        Ok(None) => national(),
        Ok(Some(found @ (_, _, CountryCodeSource::RepeatedCountryCode))) => {
            finish_at(found, digits, ext)
        }
        // What follows an international prefix is no country code or no possible number: the
        // digits may be a national number that merely starts like the prefix (Israel's 015 is an
        // IDD, and 0 1599 ... a national number with its trunk prefix).
        Ok(Some(found)) => finish_at(found, digits, ext).or_else(|e| national().map_err(|_| e)),
        Err(e) => national().map_err(|_| e),
    }
}

/// `finish` where `extract_without_plus` put the national number.
fn finish_at(
    (country, national, source): Extracted,
    digits: &[u8],
    ext: &[u8],
) -> Result<PhoneNumber, Error> {
    match national {
        National::From(k) => finish(country, digits.get(k..).unwrap_or_default(), source, ext),
        National::Rewritten(d) => finish(country, d.as_slice(), source, ext),
    }
}

/// Strips national prefixes and applies the length policy (`strip_and_finish`), in a few
/// instructions for the numbers that have no national prefix to strip and a possible length.
#[inline(always)]
fn finish(
    country: &'static Country,
    national: &[u8],
    source: CountryCodeSource,
    extension: &[u8],
) -> Result<PhoneNumber, Error> {
    let code_len = usize::from(country.code_len);
    if national.len() >= 2
        && !country.prefix_for_parsing.may_start(national)
        && country.is_possible(national.len())
        && code_len + national.len() <= MAX_E164_DIGITS
    {
        return PhoneNumber::from_parts(country, national, extension, source);
    }
    strip_and_finish(country, national, source, extension, MAX_STRIPS)
}

/// Strips national prefixes (at most `budget` times) and applies the length policy.
#[inline(never)]
fn strip_and_finish(
    country: &'static Country,
    mut national: &[u8],
    source: CountryCodeSource,
    extension: &[u8],
    budget: usize,
) -> Result<PhoneNumber, Error> {
    let which = Input::PhoneNumber;
    if national.len() < 2 {
        return Err(Error::new(ErrorKind::TooShort, which));
    }
    // libphonenumber keeps the prefix when the rest has no possible length.
    let keeps = |len: usize| {
        matches!(country.length(len), Length::TooShort | Length::LocalOnly | Length::Invalid)
    };
    for left in (0..budget).rev() {
        match strip_national_prefix(country, national) {
            Stripped::Unchanged => break,
            Stripped::Suffix(k) => {
                let rest = national.get(k..).unwrap_or_default();
                if keeps(rest.len()) {
                    break;
                }
                national = rest;
            }
            Stripped::Rewritten(d) => {
                if d.as_slice() == national || keeps(d.len) {
                    break;
                }
                return strip_and_finish(country, d.as_slice(), source, extension, left);
            }
        }
    }
    match country.length(national.len()) {
        Length::Possible => {}
        Length::TooShort | Length::LocalOnly => return Err(Error::new(ErrorKind::TooShort, which)),
        Length::TooLong => return Err(Error::new(ErrorKind::TooLong, which)),
        Length::Invalid => return Err(Error::new(ErrorKind::InvalidLength, which)),
    }
    PhoneNumber::from_parts(country, national, extension, source)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn country_code_field_forms() {
        let code = |s: &str| decode_country_code(s).map(|c| c.map(|c| c.code));
        assert_eq!(code("+1"), Ok(Some(1)));
        assert_eq!(code("1"), Ok(Some(1)));
        assert_eq!(code("001"), Ok(Some(1)));
        assert_eq!(code("0091"), Ok(Some(91)));
        assert_eq!(code("01191"), Ok(Some(91)));
        assert_eq!(code("0111"), Ok(Some(1)));
        assert_eq!(code(" (+44) "), Ok(Some(44)));
        assert_eq!(code("\u{FF0B}\u{FF19}\u{FF11}"), Ok(Some(91)));
        assert_eq!(code(""), Ok(None));
        assert_eq!(code("  "), Ok(None));
        assert_eq!(code("999").unwrap_err().kind(), ErrorKind::UnknownCountryCode);
        assert_eq!(code("0").unwrap_err().kind(), ErrorKind::UnknownCountryCode);
        assert_eq!(code("1264").unwrap_err().kind(), ErrorKind::UnknownCountryCode);
        assert_eq!(code("+").unwrap_err().kind(), ErrorKind::NoDigits);
        let e = decode_country_code("+9a").unwrap_err();
        assert_eq!(
            (e.kind(), e.offset(), e.input()),
            (ErrorKind::InvalidCharacter, Some(2), Input::CountryCode)
        );
    }

    #[test]
    fn transform_rules_rewrite_the_prefix() {
        let rewritten =
            |code: u32, num: &[u8]| match strip_national_prefix(table::country(code).unwrap(), num)
            {
                Stripped::Rewritten(d) => d.as_slice().to_vec(),
                other => panic!("{other:?}"),
            };
        assert_eq!(rewritten(54, b"0111523456789"), b"91123456789");
        assert_eq!(rewritten(261, b"2345678"), b"202345678");
        assert_eq!(rewritten(55, b"01511961234567"), b"11961234567");
        let gb = table::country(44).unwrap();
        assert_eq!(strip_national_prefix(gb, b"02079460958"), Stripped::Suffix(1));
        assert_eq!(strip_national_prefix(gb, b"2079460958"), Stripped::Unchanged);
    }
}
