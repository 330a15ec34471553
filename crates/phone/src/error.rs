//! Why a phone number could not be normalized.

use std::fmt;

/// Why a phone number could not be normalized.
///
/// The message says what is wrong and where (which input, and the byte offset of a bad
/// character), never the number itself: phone numbers are personal data, and errors end up in
/// logs. The same holds for `Debug`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Error {
    kind: ErrorKind,
    input: Input,
    offset: Option<usize>,
}

/// What went wrong, as a caller can act on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The input is empty or only whitespace.
    Empty,
    /// The input has separators or a `+` but no digit.
    NoDigits,
    /// A character that is no digit, separator, leading `+` or extension marker; see
    /// [`Error::offset`].
    InvalidCharacter,
    /// An extension marker (`ext`, `x`, `#`, `;ext=`) without 1 to 20 digits (1 to 9 after `x` or
    /// `#`) at the end of the input; see [`Error::offset`].
    InvalidExtension,
    /// The phone number has no `+` or international prefix, and no country code was given.
    MissingCountryCode,
    /// The digits after `+`, after an international prefix, or in the country code are no
    /// assigned country calling code.
    UnknownCountryCode,
    /// The national number is shorter than any number of its country (a number that can only be
    /// dialled locally, without its area code, is too short as well).
    TooShort,
    /// The national number is longer than any number of its country, or the whole number has more
    /// than E.164's 15 digits.
    TooLong,
    /// The national number's length lies between its country's shortest and longest numbers but
    /// is not one of the lengths the country uses.
    InvalidLength,
}

/// Which input an [`Error`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Input {
    /// The phone number (`phoneNumber`, or the text given to [`parse`](crate::PhoneNumber::parse)).
    PhoneNumber,
    /// The country code (`countryCode`, or the default country code given to `parse`).
    CountryCode,
}

impl Error {
    pub(crate) fn new(kind: ErrorKind, input: Input) -> Self {
        Error { kind, input, offset: None }
    }

    pub(crate) fn at(kind: ErrorKind, input: Input, offset: usize) -> Self {
        Error { kind, input, offset: Some(offset) }
    }

    /// What kind of error this is.
    #[must_use]
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// Which input is at fault.
    #[must_use]
    pub fn input(&self) -> Input {
        self.input
    }

    /// The byte offset in that input of the character at fault, for
    /// [`ErrorKind::InvalidCharacter`] and [`ErrorKind::InvalidExtension`].
    #[must_use]
    pub fn offset(&self) -> Option<usize> {
        self.offset
    }
}

impl ErrorKind {
    /// A stable `snake_case` name: `too_short`, `invalid_character`, ... (what the `normalize`
    /// example prints).
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Empty => "empty",
            ErrorKind::NoDigits => "no_digits",
            ErrorKind::InvalidCharacter => "invalid_character",
            ErrorKind::InvalidExtension => "invalid_extension",
            ErrorKind::MissingCountryCode => "missing_country_code",
            ErrorKind::UnknownCountryCode => "unknown_country_code",
            ErrorKind::TooShort => "too_short",
            ErrorKind::TooLong => "too_long",
            ErrorKind::InvalidLength => "invalid_length",
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.input {
            Input::PhoneNumber => "phone number",
            Input::CountryCode => "country code",
        };
        match self.kind {
            ErrorKind::Empty => write!(f, "empty {what}"),
            ErrorKind::NoDigits => write!(f, "no digits in the {what}"),
            ErrorKind::InvalidCharacter => write!(f, "invalid character in the {what}"),
            ErrorKind::InvalidExtension => write!(f, "invalid extension in the {what}"),
            ErrorKind::MissingCountryCode => {
                f.write_str("no country code: the phone number has no `+` and none was given")
            }
            ErrorKind::UnknownCountryCode => {
                write!(f, "unknown country calling code in the {what}")
            }
            ErrorKind::TooShort => f.write_str("phone number too short for its country"),
            ErrorKind::TooLong => f.write_str("phone number too long for its country or for E.164"),
            ErrorKind::InvalidLength => f.write_str("phone number length not used by its country"),
        }?;
        if let Some(offset) = self.offset {
            write!(f, " at byte {offset}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_is_send_sync_static() {
        fn assert_impls<T: Send + Sync + 'static + std::error::Error>() {}
        assert_impls::<Error>();
    }

    #[test]
    fn display_is_lowercase_and_names_the_place() {
        let e = Error::at(ErrorKind::InvalidCharacter, Input::PhoneNumber, 4);
        assert_eq!(e.to_string(), "invalid character in the phone number at byte 4");
        assert_eq!(
            Error::new(ErrorKind::UnknownCountryCode, Input::CountryCode).to_string(),
            "unknown country calling code in the country code"
        );
        assert_eq!(ErrorKind::TooShort.to_string(), "too_short");
    }
}
