//! Generates `crates/consent/src/generated/prompts.rs` from `crates/consent/data/prompts.json`: the
//! `Language` table and, per language, seed 001's two messages, the resource names and the list
//! separators.
//!
//! The resource keys are the profile fields' short names of `crates/consent/data/scopes.json`; every
//! language must name every field, and the templates must hold their placeholders exactly once.

use std::fmt::Write as _;
use std::path::PathBuf;

use serde_json::Value;

use super::{Generated, lit, read_data, rust_file};
use crate::util::{Result, err};

const DATA: &str = "crates/consent/data/prompts.json";
const FIELDS: &str = "crates/consent/data/scopes.json";
const OUT: &str = "crates/consent/src/generated/prompts.rs";

struct Resource {
    permission_needed: String,
    not_set: String,
    feminine: bool,
    plural: bool,
}

struct Language {
    variant: String,
    code: String,
    name: String,
    separator: String,
    last: String,
    sentence_separator: String,
    permission_needed: String,
    not_set_one: String,
    not_set_one_feminine: Option<String>,
    not_set_many: String,
    /// In the order of the profile fields.
    resources: Vec<Resource>,
}

fn string(v: &Value, key: &str, what: &str) -> Result<String> {
    v[key]
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| err(format!("{DATA}: {what}: `{key}` must be a string")))
}

fn flag(v: &Value, key: &str, what: &str) -> Result<bool> {
    match &v[key] {
        Value::Null => Ok(false),
        Value::Bool(b) => Ok(*b),
        _ => Err(err(format!("{DATA}: {what}: `{key}` must be a boolean"))),
    }
}

/// Fails unless `template` holds `placeholder` exactly `times` times.
fn expect_placeholder(template: &str, placeholder: &str, times: usize, what: &str) -> Result<()> {
    let found = template.matches(placeholder).count();
    if found == times {
        Ok(())
    } else {
        Err(err(format!(
            "{DATA}: {what}: `{placeholder}` must appear {times} time(s), found {found}"
        )))
    }
}

/// (variant, short name) of every profile field, in table order.
fn fields() -> Result<Vec<(String, String)>> {
    let data: Value =
        serde_json::from_str(&read_data(FIELDS)?).map_err(|e| err(format!("{FIELDS}: {e}")))?;
    let mut out = Vec::new();
    for row in data["fields"].as_array().ok_or_else(|| err(format!("{FIELDS}: `fields`")))? {
        let variant = row["variant"].as_str().ok_or_else(|| err(format!("{FIELDS}: variant")))?;
        let name = row["name"].as_str().ok_or_else(|| err(format!("{FIELDS}: name")))?;
        out.push((variant.to_owned(), name.to_owned()));
    }
    Ok(out)
}

fn language(row: &Value, fields: &[(String, String)], i: usize) -> Result<Language> {
    let what = format!("languages[{i}]");
    let code = string(row, "code", &what)?;
    let what = format!("language `{code}`");
    let permission_needed = string(row, "permission_needed", &what)?;
    expect_placeholder(&permission_needed, "{skill}", 1, &what)?;
    expect_placeholder(&permission_needed, "{resources}", 1, &what)?;
    let not_set = &row["not_set"];
    let mut templates = Vec::new();
    for key in ["one", "one_feminine", "many"] {
        let template = match &not_set[key] {
            Value::Null if key == "one_feminine" => None,
            Value::String(s) => Some(s.clone()),
            _ => return Err(err(format!("{DATA}: {what}: `not_set.{key}` must be a string"))),
        };
        if let Some(t) = &template {
            expect_placeholder(t, "{resources}", 1, &what)?;
            expect_placeholder(t, "{skill}", 0, &what)?;
        }
        templates.push(template);
    }
    let mut resources = Vec::new();
    let table = row["resources"]
        .as_object()
        .ok_or_else(|| err(format!("{DATA}: {what}: `resources` must be an object")))?;
    if let Some(extra) = table.keys().find(|k| !fields.iter().any(|(_, name)| name == *k)) {
        return Err(err(format!("{DATA}: {what}: `{extra}` is not a profile field")));
    }
    for (_, name) in fields {
        let r = &table
            .get(name)
            .ok_or_else(|| err(format!("{DATA}: {what}: no resource name for `{name}`")))?;
        let what = format!("{what}, resource `{name}`");
        resources.push(Resource {
            permission_needed: string(r, "permission_needed", &what)?,
            not_set: string(r, "not_set", &what)?,
            feminine: flag(r, "feminine", &what)?,
            plural: flag(r, "plural", &what)?,
        });
    }
    let mut templates = templates.into_iter();
    let (Some(Some(not_set_one)), Some(not_set_one_feminine), Some(Some(not_set_many))) =
        (templates.next(), templates.next(), templates.next())
    else {
        return Err(err(format!("{DATA}: {what}: `not_set.one` and `not_set.many` are required")));
    };
    if resources.iter().any(|r| r.feminine) && not_set_one_feminine.is_none() {
        return Err(err(format!(
            "{DATA}: {what}: a feminine resource needs `not_set.one_feminine`"
        )));
    }
    Ok(Language {
        variant: string(row, "variant", &what)?,
        name: string(row, "name", &what)?,
        separator: string(&row["list"], "separator", &what)?,
        last: string(&row["list"], "last", &what)?,
        sentence_separator: string(row, "sentence_separator", &what)?,
        code,
        permission_needed,
        not_set_one,
        not_set_one_feminine,
        not_set_many,
        resources,
    })
}

pub(crate) fn generate() -> Result<Vec<Generated>> {
    let fields = fields()?;
    let data: Value =
        serde_json::from_str(&read_data(DATA)?).map_err(|e| err(format!("{DATA}: {e}")))?;
    let mut languages = Vec::new();
    for (i, row) in data["languages"]
        .as_array()
        .ok_or_else(|| err(format!("{DATA}: `languages` must be a list")))?
        .iter()
        .enumerate()
    {
        let lang = language(row, &fields, i)?;
        if languages.iter().any(|l: &Language| l.code == lang.code) {
            return Err(err(format!("{DATA}: language `{}` is listed twice", lang.code)));
        }
        languages.push(lang);
    }

    let mut out = String::new();
    let _ = writeln!(out, "//! Source: `{DATA}`.\n");
    out.push_str("use crate::prompts::{LanguageTable, Resource};\n");
    out.push_str("use crate::{Language, ProfileField};\n\n");

    out.push_str("impl Language {\n");
    out.push_str("/// Every language of seed 001, in the seed's order.\n");
    let _ = writeln!(out, "pub const ALL: [Language; {}] = [", languages.len());
    for l in &languages {
        let _ = writeln!(out, "Language::{},", l.variant);
    }
    out.push_str("];\n\n");
    out.push_str("/// The ISO 639-1 code, such as `nl`.\n#[must_use]\npub fn code(self) -> &'static str {\nmatch self {\n");
    for l in &languages {
        let _ = writeln!(out, "Language::{} => {},", l.variant, lit(&l.code));
    }
    out.push_str("}\n}\n\n");
    out.push_str("/// The language's name in English, such as `Dutch`.\n#[must_use]\npub fn name(self) -> &'static str {\nmatch self {\n");
    for l in &languages {
        let _ = writeln!(out, "Language::{} => {},", l.variant, lit(&l.name));
    }
    out.push_str("}\n}\n\n");
    out.push_str("/// The language of an ISO 639-1 code, exactly (lower case).\npub(crate) fn lookup(code: &str) -> Option<Language> {\nmatch code {\n");
    for l in &languages {
        let _ = writeln!(out, "{} => Some(Language::{}),", lit(&l.code), l.variant);
    }
    out.push_str("_ => None,\n}\n}\n\n");
    out.push_str("/// The language's messages and names.\npub(crate) fn table(self) -> &'static LanguageTable {\nmatch self {\n");
    for l in &languages {
        let _ = writeln!(out, "Language::{} => &{},", l.variant, l.code.to_ascii_uppercase());
    }
    out.push_str("}\n}\n}\n\n");

    out.push_str("impl ProfileField {\n/// The field's position in a [`LanguageTable`]'s resources.\npub(crate) fn prompt_index(self) -> usize {\nmatch self {\n");
    for (i, (variant, _)) in fields.iter().enumerate() {
        let _ = writeln!(out, "ProfileField::{variant} => {i},");
    }
    out.push_str("}\n}\n}\n\n");

    for l in &languages {
        let _ = writeln!(
            out,
            "static {}: LanguageTable = LanguageTable {{",
            l.code.to_ascii_uppercase()
        );
        let _ = writeln!(out, "separator: {},", lit(&l.separator));
        let _ = writeln!(out, "last: {},", lit(&l.last));
        let _ = writeln!(out, "sentence_separator: {},", lit(&l.sentence_separator));
        let _ = writeln!(out, "permission_needed: {},", lit(&l.permission_needed));
        let _ = writeln!(out, "not_set_one: {},", lit(&l.not_set_one));
        match &l.not_set_one_feminine {
            Some(t) => {
                let _ = writeln!(out, "not_set_one_feminine: Some({}),", lit(t));
            }
            None => out.push_str("not_set_one_feminine: None,\n"),
        }
        let _ = writeln!(out, "not_set_many: {},", lit(&l.not_set_many));
        out.push_str("resources: [\n");
        for r in &l.resources {
            let _ = writeln!(
                out,
                "Resource {{ permission_needed: {}, not_set: {}, feminine: {}, plural: {} }},",
                lit(&r.permission_needed),
                lit(&r.not_set),
                r.feminine,
                r.plural
            );
        }
        out.push_str("],\n};\n\n");
    }

    Ok(vec![Generated { path: PathBuf::from(OUT), contents: rust_file(&out)? }])
}
