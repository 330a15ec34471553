//! Generates `crates/consent/src/generated/scopes.rs` from `crates/consent/data/scopes.json`: the
//! `Scope` and `ProfileField` enums and their string, path and description tables, and the permission
//! names a skill manifest may declare.

use std::fmt::Write as _;
use std::path::PathBuf;

use serde_json::Value;

use super::{Generated, lit, read_data, rust_file};
use crate::util::{Result, err};

const DATA: &str = "crates/consent/data/scopes.json";
const OUT: &str = "crates/consent/src/generated/scopes.rs";

struct Field {
    variant: String,
    name: String,
    description: String,
    scope: String,
    account_path: String,
    person_path: Option<String>,
}

struct ScopeRow {
    variant: String,
    scope: String,
    kind: String,
    field: Option<String>,
    description: String,
    manifest_name: String,
}

fn string(row: &Value, key: &str, what: &str) -> Result<String> {
    row[key]
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| err(format!("{DATA}: {what}: `{key}` must be a string")))
}

fn opt_string(row: &Value, key: &str, what: &str) -> Result<Option<String>> {
    match &row[key] {
        Value::Null => Ok(None),
        Value::String(s) => Ok(Some(s.clone())),
        _ => Err(err(format!("{DATA}: {what}: `{key}` must be a string or null"))),
    }
}

pub(crate) fn generate() -> Result<Vec<Generated>> {
    let data: Value =
        serde_json::from_str(&read_data(DATA)?).map_err(|e| err(format!("{DATA}: {e}")))?;
    let mut fields = Vec::new();
    for (i, row) in data["fields"]
        .as_array()
        .ok_or_else(|| err(format!("{DATA}: `fields` must be a list")))?
        .iter()
        .enumerate()
    {
        let what = format!("fields[{i}]");
        fields.push(Field {
            variant: string(row, "variant", &what)?,
            name: string(row, "name", &what)?,
            description: string(row, "description", &what)?,
            scope: string(row, "scope", &what)?,
            account_path: string(row, "account_path", &what)?,
            person_path: opt_string(row, "person_path", &what)?,
        });
    }
    let mut scopes = Vec::new();
    for (i, row) in data["scopes"]
        .as_array()
        .ok_or_else(|| err(format!("{DATA}: `scopes` must be a list")))?
        .iter()
        .enumerate()
    {
        let what = format!("scopes[{i}]");
        let kind = string(row, "kind", &what)?;
        if !matches!(kind.as_str(), "Profile" | "Personalization" | "Address") {
            return Err(err(format!("{DATA}: {what}: unknown kind `{kind}`")));
        }
        let scope = string(row, "scope", &what)?;
        let manifest_name =
            opt_string(row, "manifest_name", &what)?.unwrap_or_else(|| scope.clone());
        scopes.push(ScopeRow {
            variant: string(row, "variant", &what)?,
            scope,
            kind,
            field: opt_string(row, "field", &what)?,
            description: string(row, "description", &what)?,
            manifest_name,
        });
    }
    let mut manifest_names: Vec<String> = scopes.iter().map(|s| s.manifest_name.clone()).collect();
    for (i, name) in data["other_manifest_permissions"]
        .as_array()
        .ok_or_else(|| err(format!("{DATA}: `other_manifest_permissions` must be a list")))?
        .iter()
        .enumerate()
    {
        let name = name.as_str().ok_or_else(|| {
            err(format!("{DATA}: other_manifest_permissions[{i}] must be a string"))
        })?;
        manifest_names.push(name.to_owned());
    }
    for (i, name) in manifest_names.iter().enumerate() {
        if manifest_names[..i].contains(name) {
            return Err(err(format!("{DATA}: manifest permission {name} is listed twice")));
        }
    }
    for f in &fields {
        if !scopes.iter().any(|s| s.variant == f.scope) {
            return Err(err(format!(
                "{DATA}: field {} names unknown scope {}",
                f.variant, f.scope
            )));
        }
    }
    for s in &scopes {
        if let Some(field) = &s.field
            && !fields.iter().any(|f| &f.variant == field)
        {
            return Err(err(format!("{DATA}: scope {} names unknown field {field}", s.variant)));
        }
    }

    let mut out = String::new();
    let _ = writeln!(out, "//! Source: `{DATA}`.\n");
    out.push_str("use crate::{ProfileField, Scope, ScopeKind};\n\n");

    // Scope
    out.push_str("impl Scope {\n");
    out.push_str("/// Every scope this version knows, in table order.\n");
    let _ = writeln!(out, "pub const KNOWN: [Scope; {}] = [", scopes.len());
    for s in &scopes {
        let _ = writeln!(out, "Scope::{},", s.variant);
    }
    out.push_str("];\n\n");
    out.push_str("/// The scope string Amazon uses, such as `alexa::profile:email:read`.\n#[must_use]\npub fn as_str(&self) -> &str {\nmatch self {\n");
    for s in &scopes {
        let _ = writeln!(out, "Scope::{} => {},", s.variant, lit(&s.scope));
    }
    out.push_str("Scope::Other(s) => s,\n}\n}\n\n");
    out.push_str("/// The known scope for an exact Amazon string.\n#[must_use]\npub(crate) fn lookup(s: &str) -> Option<Scope> {\nmatch s {\n");
    for s in &scopes {
        let _ = writeln!(out, "{} => Some(Scope::{}),", lit(&s.scope), s.variant);
    }
    out.push_str("_ => None,\n}\n}\n\n");
    out.push_str("/// What kind of data the scope unlocks.\n#[must_use]\npub fn kind(&self) -> ScopeKind {\nmatch self {\n");
    for s in &scopes {
        let _ = writeln!(out, "Scope::{} => ScopeKind::{},", s.variant, s.kind);
    }
    out.push_str("Scope::Other(_) => ScopeKind::Other,\n}\n}\n\n");
    out.push_str("/// The profile field this scope unlocks, for the four profile scopes.\n#[must_use]\npub fn field(&self) -> Option<ProfileField> {\nmatch self {\n");
    for s in &scopes {
        match &s.field {
            Some(f) => {
                let _ = writeln!(out, "Scope::{} => Some(ProfileField::{f}),", s.variant);
            }
            None => {
                let _ = writeln!(out, "Scope::{} => None,", s.variant);
            }
        }
    }
    out.push_str("Scope::Other(_) => None,\n}\n}\n\n");
    out.push_str("/// Amazon's description of the scope (empty for an unknown scope).\n#[must_use]\npub fn description(&self) -> &'static str {\nmatch self {\n");
    for s in &scopes {
        let _ = writeln!(out, "Scope::{} => {},", s.variant, lit(&s.description));
    }
    out.push_str("Scope::Other(_) => \"\",\n}\n}\n\n");
    out.push_str("/// The permission name a skill manifest declares for this scope (`manifest.permissions[].name`): the scope string, except for the device address scopes, which a manifest names `alexa::devices:all:address:full:read` and `alexa:devices:all:address:country_and_postal_code:read`.\n#[must_use]\npub fn manifest_name(&self) -> &str {\nmatch self {\n");
    for s in &scopes {
        let _ = writeln!(out, "Scope::{} => {},", s.variant, lit(&s.manifest_name));
    }
    out.push_str("Scope::Other(s) => s,\n}\n}\n\n");
    out.push_str("/// The known scope a manifest permission name declares (see [`Scope::manifest_name`]).\n#[must_use]\npub fn from_manifest_name(name: &str) -> Option<Scope> {\nmatch name {\n");
    for s in &scopes {
        let _ = writeln!(out, "{} => Some(Scope::{}),", lit(&s.manifest_name), s.variant);
    }
    out.push_str("_ => None,\n}\n}\n\n");
    out.push_str("/// Every permission name a skill manifest may declare: the manifest names of the known scopes, in table order, then the other permissions of the SMAPI model (reminders, lists, geolocation, ...).\n");
    let _ = writeln!(out, "pub const MANIFEST_PERMISSIONS: [&str; {}] = [", manifest_names.len());
    for name in &manifest_names {
        let _ = writeln!(out, "{},", lit(name));
    }
    out.push_str("];\n}\n\n");

    // ProfileField
    out.push_str("impl ProfileField {\n");
    out.push_str("/// Every profile field, in table order.\n");
    let _ = writeln!(out, "pub const ALL: [ProfileField; {}] = [", fields.len());
    for f in &fields {
        let _ = writeln!(out, "ProfileField::{},", f.variant);
    }
    out.push_str("];\n\n");
    out.push_str("/// The field's short name, as the command line spells it (`name`, `given-name`, `email`, `mobile`).\n#[must_use]\npub fn as_str(self) -> &'static str {\nmatch self {\n");
    for f in &fields {
        let _ = writeln!(out, "ProfileField::{} => {},", f.variant, lit(&f.name));
    }
    out.push_str("}\n}\n\n");
    out.push_str("/// The field for its short name.\n#[must_use]\npub(crate) fn lookup(s: &str) -> Option<ProfileField> {\nmatch s {\n");
    for f in &fields {
        let _ = writeln!(out, "{} => Some(ProfileField::{}),", lit(&f.name), f.variant);
    }
    out.push_str("_ => None,\n}\n}\n\n");
    out.push_str("/// What the field is, in words (`email address`).\n#[must_use]\npub fn description(self) -> &'static str {\nmatch self {\n");
    for f in &fields {
        let _ = writeln!(out, "ProfileField::{} => {},", f.variant, lit(&f.description));
    }
    out.push_str("}\n}\n\n");
    out.push_str("/// The scope that unlocks this field.\n#[must_use]\npub fn scope(self) -> Scope {\nmatch self {\n");
    for f in &fields {
        let _ = writeln!(out, "ProfileField::{} => Scope::{},", f.variant, f.scope);
    }
    out.push_str("}\n}\n\n");
    out.push_str("/// The Customer Profile API path (the account holder), relative to `apiEndpoint`.\n#[must_use]\npub fn account_path(self) -> &'static str {\nmatch self {\n");
    for f in &fields {
        let _ = writeln!(out, "ProfileField::{} => {},", f.variant, lit(&f.account_path));
    }
    out.push_str("}\n}\n\n");
    out.push_str("/// The Person Profile API path (the recognized speaker), when the API has one for this field.\n#[must_use]\npub fn person_path(self) -> Option<&'static str> {\nmatch self {\n");
    for f in &fields {
        match &f.person_path {
            Some(p) => {
                let _ = writeln!(out, "ProfileField::{} => Some({}),", f.variant, lit(p));
            }
            None => {
                let _ = writeln!(out, "ProfileField::{} => None,", f.variant);
            }
        }
    }
    out.push_str("}\n}\n}\n");

    Ok(vec![Generated { path: PathBuf::from(OUT), contents: rust_file(&out)? }])
}
