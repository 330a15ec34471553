//! Normalizes the phone numbers of the Alexa Customer Profile API to E.164.
//!
//! `Profile.mobileNumber` comes back as two loosely formatted strings: `countryCode` (`+1`, `001`,
//! `1`, `+91`) and `phoneNumber` (`+917799827710`, `7799827710`, `+91 7799 82 77 11`,
//! `999-999-9999`). [`PhoneNumber::from_alexa`] turns the pair into the one dialable form an SMS
//! gateway accepts, `+917799827711`, following libphonenumber's parsing rules over a table
//! generated from libphonenumber's metadata. The crate has no dependency (`serde` is optional),
//! allocates nothing, knows nothing of HTTP or of the rest of Alexa, and never panics.
//!
//! # Example
//!
//! ```
//! use alexa_phone::{CountryCodeSource, PhoneNumber};
//!
//! // What the Customer Profile API returns for `Profile.mobileNumber`.
//! let number = PhoneNumber::from_alexa("+91", "7799-82-77-11")?;
//! assert_eq!(number.e164(), "+917799827711");
//! assert_eq!((number.country_code(), number.national_number()), (91, "7799827711"));
//!
//! // Every shape of the pair gives the same number.
//! for (country_code, phone_number) in [
//!     ("91", "+91 7799 82 77 11"),
//!     ("0091", "917799827711"),
//!     ("+1", "+91 7799-82-77-11"),
//! ] {
//!     assert_eq!(PhoneNumber::from_alexa(country_code, phone_number)?, number);
//! }
//! let repeated = PhoneNumber::from_alexa("91", "917799827711")?;
//! assert_eq!(repeated.country_code_source(), CountryCodeSource::RepeatedCountryCode);
//!
//! // Amazon's own example is no assigned number; it normalizes all the same.
//! assert_eq!(PhoneNumber::from_alexa("001", "999-999-9999")?.to_string(), "+19999999999");
//!
//! // Extensions are split off; `Debug` never shows the number.
//! let office = PhoneNumber::from_alexa("+44", "020 7946 0958 ext. 12")?;
//! assert_eq!(office.rfc3966(), "tel:+442079460958;ext=12");
//! assert_eq!(format!("{office:?}"), "PhoneNumber(+44 <redacted>)");
//! # Ok::<(), alexa_phone::Error>(())
//! ```
//!
//! Numbers from elsewhere go through [`PhoneNumber::parse`] with a default country calling code,
//! or through [`FromStr`](std::str::FromStr) when they carry their own (`"+44 20 7946 0958"`,
//! `"tel:+1-415-555-2671;ext=7"`).
//!
//! # What is accepted
//!
//! - A `+` at the start of `phoneNumber` wins: the number stands on its own and `countryCode` is
//!   not even read. Otherwise `countryCode` gives the country, as `+CC`, `CC`, `00CC`, `011CC` or
//!   `001` (`00` and `1`); this crate decodes it itself (libphonenumber, given the region US, does
//!   not read `001` as +1).
//! - In `phoneNumber`, libphonenumber's rules: the default country's international prefix
//!   (`0044 ...` with `+1`, `011 44 ...` with `+1`); the default country code repeated without
//!   `+` (`91` and `917799827710`), removed only when the number does not fit its country whole
//!   but does without the code, or is too long whole; the national (trunk) prefix of the country
//!   removed, with its carrier code and transform rule (`0` in most countries, `1` in NANP, `8` in
//!   Russia, `06` in Hungary; `0 11 15 ...` is `+54 9 11 ...` in Argentina), but only when what
//!   remains has a possible length; none where the country has none, so Italy's numbers (and
//!   those of the other countries without a trunk prefix whose numbers start with 0: San Marino,
//!   Côte d'Ivoire, Congo, Gabon, Benin, ...) keep their leading 0 in E.164.
//! - Separators anywhere between digits: whitespace (NBSP and the ideographic space included),
//!   `-`, `.`, `/`, brackets, the dashes U+2010 to U+2015, U+2212, their fullwidth forms, soft
//!   hyphens and zero-width characters. Any Unicode decimal digit (fullwidth, Arabic-Indic,
//!   Devanagari, ...) counts as its ASCII digit.
//! - RFC 3966 URIs: `tel:+1-415-555-2671`, with `;ext=`, `;isub=` (ignored) and
//!   `;phone-context=` (a `+` prefix for a local number, or a domain, ignored).
//! - One extension at the end: `ext`, `ext.`, `extn`, `extension`, `x` or `#` (case-insensitive,
//!   an optional `.` or `:` after it), or `;ext=`; at most 20 digits after `ext` and `;ext=`, 9
//!   after `x` and `#`, as libphonenumber.
//!
//! Whether the number is assigned does not matter, only whether its length is possible for its
//! country. Anything else is an [`Error`]: its [`kind`](Error::kind) says what is wrong, its
//! [`input`](Error::input) and [`offset`](Error::offset) say where, and neither its `Display`
//! nor its `Debug` quotes the number.
//!
//! # Where it differs from libphonenumber, on purpose
//!
//! The differential test (`tests/it/differential.rs`) checks this crate against the libphonenumber
//! port `rlibphonenumber`, on the same metadata, over more than 24,000 Alexa-shaped inputs built
//! from every example number of every region: every input that libphonenumber parses to a
//! possible number of at most 15 digits must give the same E.164 number and extension. The
//! exceptions are these policies, each recognised by its own rule in the test:
//!
//! 1. **A number that can only be dialled locally is too short.** libphonenumber's
//!    `isPossibleNumber` accepts the local-only lengths of a country, such as 7 digits in NANP
//!    (`+1 310-1234`, no area code); no SMS gateway can reach such a number, so this crate returns
//!    [`ErrorKind::TooShort`]. (31 inputs of the corpus: 28 shapes of a 7-digit NANP example
//!    number, and the 3 of policy 3.)
//! 2. **Trunk prefixes are removed until none is left.** libphonenumber removes one per parse, so
//!    parsing its own E.164 output again can change it (`0061` and `00611631234` gives
//!    `+610611631234`, which parses to `+61611631234`). This crate goes on while a prefix can be
//!    removed, so that normalizing is idempotent: `from_alexa` of a number's own E.164 form gives
//!    the same number. (1 input of the corpus.)
//! 3. **An international prefix that leads nowhere is read as a trunk prefix.** When a number
//!    starts with the default country's international prefix but what follows is no country code,
//!    or no possible number, libphonenumber fails (or returns an impossible number); this crate
//!    reads the number as national. Israel's international prefixes include `015` and `019`, so
//!    `0 1599 123 456` and `0 1919 123 456` are national numbers with their trunk prefix
//!    (`+9721599123456`), not calls abroad (libphonenumber: an error, and `+1 9123456`, a
//!    local-only length, so policy 1).
//!
//! And where the inputs are outside the corpus's shapes, this crate is stricter:
//!
//! - At most 15 digits, E.164's limit ([`ErrorKind::TooLong`]); libphonenumber allows national
//!   numbers of up to 17 digits.
//! - A number must have a possible length for its country ([`ErrorKind::TooShort`],
//!   [`ErrorKind::TooLong`], [`ErrorKind::InvalidLength`]); libphonenumber parses any length from
//!   2 to 17 digits and leaves the check to `isPossibleNumber`.
//! - Only digits, separators, a leading `+` and one extension: libphonenumber skips leading text
//!   (`call 555-1234`), reads letters as keypad digits (`1-800-FLOWERS`), and knows more
//!   extension labels (`int`, `anexo`, `доб`, `,,`, `;`, ` - 503#`); here they are
//!   [`ErrorKind::InvalidCharacter`] or [`ErrorKind::InvalidExtension`].
//! - A default country code may be a non-geographic one (`800`); libphonenumber has no region
//!   for them and requires a `+`.
//!
//! # The country table
//!
//! One row per country calling code (its main region, national prefix, national-prefix and
//! international-prefix patterns, transform rule, possible lengths, local-only lengths, whether
//! its numbers keep a leading zero, national-number pattern), from libphonenumber's metadata
//! (version in the first lines of `data/countries.tsv`). `cargo xtask codegen` compiles it into
//! `src/countries.rs`: the prefix patterns become programs for a small backtracking matcher, the
//! national-number patterns minimal automata over the ten digits, so there is no regex engine at
//! run time. `crates/phone/README.md` says how to refresh the data.
//!
//! # Personal data
//!
//! A phone number is personal data. [`PhoneNumber`]'s `Debug` prints the country code only
//! (`PhoneNumber(+91 <redacted>)`), and errors never contain the number. Reading it is an explicit
//! call ([`e164`](PhoneNumber::e164), [`national_number`](PhoneNumber::national_number),
//! [`rfc3966`](PhoneNumber::rfc3966)) or `Display`, which writes the E.164 form: use `Display` to
//! send a number, never to log it.
//!
//! # Optional features
//!
//! - `serde`: [`PhoneNumber`] serializes as a string, its E.164 form, or its RFC 3966 URI when it
//!   has an extension, and deserializes from any string [`FromStr`](std::str::FromStr) accepts.
//!
//! Without features the crate has no dependency at all.

#![cfg_attr(docsrs, feature(doc_cfg))]
#![deny(missing_docs)]
#![deny(missing_debug_implementations)]

mod class;
mod countries;
mod error;
mod number;
mod parse;
mod table;

pub use crate::error::{Error, ErrorKind, Input};
pub use crate::number::{CountryCodeSource, PhoneNumber};

impl PhoneNumber {
    /// Normalizes the `countryCode` and `phoneNumber` of a Customer Profile API mobile number
    /// (`Profile.mobileNumber`).
    ///
    /// ```
    /// use alexa_phone::PhoneNumber;
    ///
    /// // `Profile.mobileNumber` as the Customer Profile API returns it.
    /// let number = PhoneNumber::from_alexa("+91", "7799-82-77-11")?;
    /// assert_eq!(number.e164(), "+917799827711");
    ///
    /// // Amazon's own example is no assigned number; it normalizes all the same.
    /// assert_eq!(PhoneNumber::from_alexa("001", "999-999-9999")?.e164(), "+19999999999");
    /// # Ok::<(), alexa_phone::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// When the pair does not make a number of a possible length for its country; the
    /// [`ErrorKind`] says why.
    #[inline]
    pub fn from_alexa(country_code: &str, phone_number: &str) -> Result<PhoneNumber, Error> {
        parse::normalize(phone_number, parse::DefaultCode::Field(country_code))
    }

    /// Normalizes a phone number from any other source, with the country calling code to assume
    /// when the number has none (`Some(44)`), or `None` to require a `+` (or a `tel:` URI with
    /// one).
    ///
    /// ```
    /// use alexa_phone::PhoneNumber;
    ///
    /// assert_eq!(PhoneNumber::parse("020 7946 0958", Some(44))?.e164(), "+442079460958");
    /// assert_eq!(PhoneNumber::parse("+1 (415) 555-2671", None)?.e164(), "+14155552671");
    /// # Ok::<(), alexa_phone::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// As [`from_alexa`](Self::from_alexa); an unknown `default_country_code` is
    /// [`ErrorKind::UnknownCountryCode`] when the number needs it.
    pub fn parse(input: &str, default_country_code: Option<u16>) -> Result<PhoneNumber, Error> {
        let default =
            default_country_code.map_or(parse::DefaultCode::None, parse::DefaultCode::Code);
        parse::normalize(input, default)
    }
}
