//! Normalizes the phone numbers of the Alexa Customer Profile API to E.164.
//!
//! (crate docs to come)

#![deny(missing_docs)]
#![deny(missing_debug_implementations)]

mod countries;
mod error;
mod number;
mod parse;
mod table;

pub use crate::error::{Error, ErrorKind, Input};
pub use crate::number::{CountryCodeSource, PhoneNumber};

impl PhoneNumber {
    /// Normalizes the `countryCode` and `phoneNumber` of a Customer Profile API mobile number.
    ///
    /// # Errors
    ///
    /// When the two do not make a possible number; see [`ErrorKind`].
    pub fn from_alexa(country_code: &str, phone_number: &str) -> Result<PhoneNumber, Error> {
        parse::normalize(phone_number, parse::DefaultCode::Field(country_code))
    }

    /// Normalizes a phone number from any other source, with the country calling code to assume
    /// when the number has none (`Some(44)`), or `None` to require a `+`.
    ///
    /// # Errors
    ///
    /// When the input does not make a possible number; see [`ErrorKind`].
    pub fn parse(input: &str, default_country_code: Option<u16>) -> Result<PhoneNumber, Error> {
        let default =
            default_country_code.map_or(parse::DefaultCode::None, parse::DefaultCode::Code);
        parse::normalize(input, default)
    }
}
