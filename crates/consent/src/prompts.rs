//! Seed 001's two messages in its nine languages: "permission needed" and "value not set".
//!
//! The sentences, the resource names and the list separators live in
//! `crates/consent/data/prompts.json`; `cargo xtask codegen` compiles them into
//! `generated/prompts.rs`. That file's notes say which words are the seed's and which are ours.

use std::fmt;

use alexa_model::{OutputSpeech, escape_ssml};

use crate::ProfileField;

#[allow(clippy::match_same_arms, reason = "a generated table has one arm per row")]
#[path = "generated/prompts.rs"]
mod generated;

/// A language of seed 001's messages.
///
/// ```
/// use alexa_consent::Language;
///
/// assert_eq!(Language::from_locale("pt-BR"), Language::Pt);
/// assert_eq!(Language::from_locale("fr-CA"), Language::Fr);
/// assert_eq!(Language::from_locale("sv-SE"), Language::En);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Language {
    /// Dutch (`nl`).
    Nl,
    /// English (`en`).
    En,
    /// French (`fr`).
    Fr,
    /// German (`de`).
    De,
    /// Hindi (`hi`).
    Hi,
    /// Italian (`it`).
    It,
    /// Japanese (`ja`).
    Ja,
    /// Portuguese (`pt`).
    Pt,
    /// Spanish (`es`).
    Es,
}

impl Language {
    /// The language of an Alexa locale such as `en-US`, `pt-BR` or `fr-CA`: its language subtag,
    /// case-insensitively (`_` is accepted for `-`). Any other language, and an empty locale, give
    /// English.
    #[must_use]
    pub fn from_locale(locale: &str) -> Language {
        let primary = locale.split(['-', '_']).next().unwrap_or_default().trim();
        Language::lookup(&primary.to_ascii_lowercase()).unwrap_or(Language::En)
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// One language's messages, names and separators (generated).
#[derive(Debug)]
pub(crate) struct LanguageTable {
    pub(crate) separator: &'static str,
    pub(crate) last: &'static str,
    pub(crate) sentence_separator: &'static str,
    pub(crate) permission_needed: &'static str,
    pub(crate) not_set_one: &'static str,
    pub(crate) not_set_one_feminine: Option<&'static str>,
    pub(crate) not_set_many: &'static str,
    pub(crate) resources: [Resource; 4],
}

/// How one language names one profile field (generated).
#[derive(Debug)]
pub(crate) struct Resource {
    /// In the "permission needed" message (the seed's list).
    pub(crate) permission_needed: &'static str,
    /// As the subject of the "not set" message, with its possessive.
    pub(crate) not_set: &'static str,
    pub(crate) feminine: bool,
    pub(crate) plural: bool,
}

impl LanguageTable {
    fn resource(&self, field: ProfileField) -> &Resource {
        &self.resources[field.prompt_index()]
    }

    /// Joins `items` as the language joins a list: "A", "A and B", "A, B and C".
    fn join(&self, items: &[&str]) -> String {
        let mut out = String::new();
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                out.push_str(if i + 1 == items.len() { self.last } else { self.separator });
            }
            out.push_str(item);
        }
        out
    }
}

/// A localized message: plain text, and SSML-escaped for speech.
///
/// ```
/// use alexa_consent::{Language, ProfileField, Prompt};
///
/// let prompt = Prompt::permission_needed(
///     Language::from_locale("en-US"),
///     "Bigg & Basket",
///     [ProfileField::Email, ProfileField::MobileNumber],
/// )
/// .expect("at least one field");
/// assert_eq!(
///     prompt.text(),
///     "In order to complete this request, Bigg & Basket needs access to your email address and \
///      phone number. Go to the home screen in your Alexa app and grant the permissions to continue."
/// );
/// assert!(prompt.ssml().contains("Bigg &amp; Basket"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Prompt {
    text: String,
}

impl Prompt {
    /// "In order to complete this request, {skill} needs access to your {resources}. Go to the
    /// home screen in your Alexa app and grant the permissions to continue." (seed 001), in
    /// `language`, naming `fields` in table order (each once). `None` when `fields` is empty.
    ///
    /// It goes with a consent card: it tells the customer to grant the permissions in the Alexa
    /// app.
    pub fn permission_needed(
        language: Language,
        skill_name: &str,
        fields: impl IntoIterator<Item = ProfileField>,
    ) -> Option<Prompt> {
        let table = language.table();
        let fields = ordered(fields);
        if fields.is_empty() {
            return None;
        }
        let names: Vec<&str> =
            fields.iter().map(|f| table.resource(*f).permission_needed).collect();
        let text = table.permission_needed.replacen("{skill}", skill_name, 1).replacen(
            "{resources}",
            &table.join(&names),
            1,
        );
        Some(Prompt { text: capitalize_first(text) })
    }

    /// "Your {resources} was not set. You can enter these details in your Amazon account, and then
    /// invoke the skill again." (seed 001), in `language`, naming `fields` in table order (each
    /// once), with the verb agreeing with them. `None` when `fields` is empty.
    pub fn not_set(
        language: Language,
        fields: impl IntoIterator<Item = ProfileField>,
    ) -> Option<Prompt> {
        let table = language.table();
        let fields = ordered(fields);
        let resources: Vec<&Resource> = fields.iter().map(|f| table.resource(*f)).collect();
        let template = match resources.as_slice() {
            [] => return None,
            [one] if !one.plural => match (one.feminine, table.not_set_one_feminine) {
                (true, Some(feminine)) => feminine,
                _ => table.not_set_one,
            },
            _ => table.not_set_many,
        };
        let names: Vec<&str> = resources.iter().map(|r| r.not_set).collect();
        let text = template.replacen("{resources}", &table.join(&names), 1);
        Some(Prompt { text: capitalize_first(text) })
    }

    /// The plain text.
    #[must_use]
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The text escaped for SSML (`&`, `<`, `>`, `"`, `'`), without `<speak>`.
    #[must_use]
    pub fn ssml(&self) -> String {
        escape_ssml(&self.text)
    }

    /// SSML output speech: `<speak>` + [`ssml`](Prompt::ssml) + `</speak>`.
    #[must_use]
    pub fn to_speech(&self) -> OutputSpeech {
        OutputSpeech::ssml(self.ssml())
    }

    /// This prompt followed by `next`, as `language` puts one sentence after another.
    #[must_use]
    pub fn then(&self, language: Language, next: &Prompt) -> Prompt {
        let separator = language.table().sentence_separator;
        Prompt { text: format!("{}{separator}{}", self.text, next.text) }
    }
}

impl fmt::Display for Prompt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// The fields in table order, each once.
fn ordered(fields: impl IntoIterator<Item = ProfileField>) -> Vec<ProfileField> {
    let mut fields: Vec<ProfileField> = fields.into_iter().collect();
    fields.sort_by_key(|f| f.prompt_index());
    fields.dedup();
    fields
}

/// Upper-cases the first character (a message that starts with a resource name, such as "your
/// email address was not set", starts a sentence). Scripts without case are unchanged.
fn capitalize_first(text: String) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) if first.is_lowercase() => first.to_uppercase().chain(chars).collect(),
        _ => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_and_capitals() {
        let en = Language::En.table();
        assert_eq!(en.join(&[]), "");
        assert_eq!(en.join(&["a"]), "a");
        assert_eq!(en.join(&["a", "b"]), "a and b");
        assert_eq!(en.join(&["a", "b", "c", "d"]), "a, b, c and d");
        assert_eq!(Language::Ja.table().join(&["a", "b", "c"]), "a、b、c");
        assert_eq!(capitalize_first("élan".to_owned()), "Élan");
        assert_eq!(capitalize_first("Eメール".to_owned()), "Eメール");
        assert_eq!(capitalize_first("आपका".to_owned()), "आपका");
        assert_eq!(capitalize_first(String::new()), "");
    }
}
