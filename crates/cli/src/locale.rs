//! Locale arguments: the shape of an Alexa locale (`en-US`), and, where prompts are spoken, one of
//! seed 001's nine languages.

use alexa_consent::Language;

/// Accepts a locale of the shape Alexa sends: a two- or three-letter language, `-`, a two-letter
/// region (`en-US`, `pt-BR`, `fil-PH`).
pub(crate) fn parse_locale(s: &str) -> Result<String, String> {
    let well_formed = s.split_once('-').is_some_and(|(language, region)| {
        (2..=3).contains(&language.len())
            && language.bytes().all(|b| b.is_ascii_lowercase())
            && region.len() == 2
            && region.bytes().all(|b| b.is_ascii_uppercase())
    });
    if well_formed {
        Ok(s.to_owned())
    } else {
        Err("not a locale of the form ll-CC, such as en-US or de-DE".to_owned())
    }
}

/// As [`parse_locale`], and the language must be one the prompts are written in (a locale in any
/// other language would silently fall back to English).
pub(crate) fn parse_prompt_locale(s: &str) -> Result<String, String> {
    let locale = parse_locale(s)?;
    let language = locale.split('-').next().unwrap_or_default();
    if Language::ALL.iter().any(|l| l.code() == language) {
        Ok(locale)
    } else {
        let codes: Vec<&str> = Language::ALL.iter().map(|l| l.code()).collect();
        Err(format!("the prompts are written in {} only (such as de-DE)", codes.join(", ")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locales() {
        assert_eq!(parse_locale("en-US").as_deref(), Ok("en-US"));
        assert_eq!(parse_locale("fil-PH").as_deref(), Ok("fil-PH"));
        for bad in ["", "en", "EN-us", "en_US", "en-USA", "e-US", "en-U5", "de-DE ", "😀-DE"] {
            assert!(parse_locale(bad).is_err(), "{bad:?}");
        }
        assert_eq!(parse_prompt_locale("ja-JP").as_deref(), Ok("ja-JP"));
        let err = parse_prompt_locale("sv-SE").unwrap_err();
        assert_eq!(
            err,
            "the prompts are written in nl, en, fr, de, hi, it, ja, pt, es only (such as de-DE)"
        );
    }
}
