//! `alexa-profile phone`: `alexa-phone`'s E.164 normalization, for one pair or for
//! `countryCode<TAB>phoneNumber` lines (the protocol of `alexa-phone`'s `normalize` example).

use std::io::{BufRead, BufWriter, Write};

use alexa_phone::PhoneNumber;

use crate::args::PhoneArgs;
use crate::exit::{Exit, Failure, Outcome};

/// The E.164 form of a `countryCode` / `phoneNumber` pair, with `;ext=N` when the number has an
/// extension.
pub(crate) fn e164(country_code: &str, phone_number: &str) -> Result<String, alexa_phone::Error> {
    let number = PhoneNumber::from_alexa(country_code, phone_number)?;
    Ok(match number.extension() {
        Some(ext) => format!("{};ext={ext}", number.e164()),
        None => number.e164().to_owned(),
    })
}

pub(crate) fn run(args: &PhoneArgs) -> Outcome {
    if args.tsv {
        tsv(std::io::stdin().lock(), std::io::stdout().lock())?;
        return Ok(Exit::Success);
    }
    let (Some(country_code), Some(phone_number)) = (&args.country_code, &args.phone_number) else {
        return Err(Failure::usage("COUNTRY_CODE and PHONE_NUMBER are required without --tsv"));
    };
    // The message says what is wrong and where, never the number.
    let normalized = e164(country_code, phone_number)
        .map_err(|e| Failure::failed(format_args!("cannot normalize: {e}")))?;
    writeln!(std::io::stdout().lock(), "{normalized}")?;
    Ok(Exit::Success)
}

/// One output line per input line: the E.164 number (`;ext=N` when there is an extension) or
/// `! ` and the error kind. A line without a tab is a phone number without a country code; a
/// trailing `\r` is dropped; invalid UTF-8 is read lossily.
fn tsv(input: impl BufRead, output: impl Write) -> std::io::Result<()> {
    let mut out = BufWriter::new(output);
    for line in input.split(b'\n') {
        let line = line?;
        let line = String::from_utf8_lossy(&line);
        let line = line.strip_suffix('\r').unwrap_or(&line);
        let (country_code, phone_number) = line.split_once('\t').unwrap_or(("", line));
        match e164(country_code, phone_number) {
            Ok(number) => writeln!(out, "{number}")?,
            Err(e) => writeln!(out, "! {}", e.kind())?,
        }
    }
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tsv_protocol() {
        let input = b"+91\t7799-82-77-11\n001\t999-999-9999\r\n+1\t555-CALL\n\t+44 20 7946 0958 x12\n\xff\n";
        let mut out = Vec::new();
        tsv(&input[..], &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "+917799827711\n+19999999999\n! invalid_character\n+442079460958;ext=12\n! invalid_character\n"
        );
    }
}
