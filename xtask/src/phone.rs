//! `alexa-phone`'s country table: refreshed from libphonenumber's metadata into
//! `crates/phone/data/countries.tsv`, and generated from that file into
//! `crates/phone/src/countries.rs`.
//!
//! - `cargo xtask phone-metadata FILE VERSION` reads libphonenumber's metadata, either
//!   `resources/PhoneNumberMetadata.xml` itself or its compiled form (a `PhoneMetadataCollection`
//!   protocol buffer, the form libphonenumber's own build produces from the XML and that the
//!   `rlibphonenumber` crate ships as `src/generated/metadata/metadata.bin`), and rewrites the TSV: one row per country calling code,
//!   with its main region, its other regions, national prefix, national-prefix-for-parsing pattern
//!   and transform rule, international prefix pattern, possible lengths, local-only lengths,
//!   whether its numbers keep a leading zero, and the national-number pattern. VERSION (the
//!   libphonenumber metadata version) goes into the provenance line.
//! - `cargo xtask codegen` turns the TSV into Rust: the patterns are compiled here (see
//!   `digit_regex.rs`), so the runtime crate has no regex engine and no dependency.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;

use crate::codegen::{Generated, lit, read_data, rust_file};
use crate::digit_regex::{Dfa, Inst, first_digits, program};
use crate::util::{Result, err};

const TSV: &str = "crates/phone/data/countries.tsv";
const OUT: &str = "crates/phone/src/countries.rs";
const COLUMNS: &str = "code\tregion\tother_regions\tnational_prefix\tnational_prefix_for_parsing\ttransform_rule\tinternational_prefix\tpossible_lengths\tlocal_only_lengths\tkeeps_leading_zero\tnational_number_pattern";

/// One calling code, as in the TSV. Absent values are `None` (`-` in the file).
#[derive(Debug, Clone)]
struct Row {
    code: u16,
    region: String,
    other_regions: Vec<String>,
    national_prefix: Option<String>,
    prefix_for_parsing: Option<String>,
    transform_rule: Option<String>,
    international_prefix: Option<String>,
    lengths: Vec<u32>,
    local_lengths: Vec<u32>,
    keeps_leading_zero: bool,
    pattern: String,
}

// ---------------------------------------------------------------------------------------------
// Refresh: compiled metadata -> TSV.

/// `cargo xtask phone-metadata FILE VERSION`.
pub(crate) fn refresh(file: &str, version: &str) -> Result<()> {
    let bytes = std::fs::read(file).map_err(|e| err(format!("{file}: {e}")))?;
    let (rows, kind) = if bytes.trim_ascii_start().starts_with(b"<") {
        (rows_from_xml(std::str::from_utf8(&bytes)?)?, "`PhoneNumberMetadata.xml`")
    } else {
        (rows_from_protobuf(&bytes)?, "a compiled `PhoneMetadataCollection`")
    };
    if rows.len() < 200 {
        return Err(err(format!(
            "{file}: only {} calling codes, not all of libphonenumber",
            rows.len()
        )));
    }
    if rows.len() < 200 {
        return Err(err(format!(
            "{file}: only {} calling codes, not all of libphonenumber",
            rows.len()
        )));
    }
    let source = PathBuf::from(file);
    let source_name = source
        .components()
        .rev()
        .take(4)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/");
    let mut out = String::new();
    let _ = writeln!(out, "# alexa-phone country table: one row per country calling code.");
    let _ = writeln!(
        out,
        "# Source: libphonenumber metadata {version} ({kind}, read from `.../{source_name}`)."
    );
    let _ = writeln!(
        out,
        "# Refresh: `cargo xtask phone-metadata FILE VERSION`, then `cargo xtask codegen` (see `crates/phone/README.md`)."
    );
    let _ =
        writeln!(out, "# Absent values are `-`; lengths are of the national significant number.");
    let _ = writeln!(out, "{COLUMNS}");
    for row in &rows {
        let opt = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".to_owned());
        let list = |v: &[u32]| {
            if v.is_empty() {
                "-".to_owned()
            } else {
                v.iter().map(u32::to_string).collect::<Vec<_>>().join(",")
            }
        };
        let others =
            if row.other_regions.is_empty() { "-".to_owned() } else { row.other_regions.join(",") };
        let _ = writeln!(
            out,
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
            row.code,
            row.region,
            others,
            opt(&row.national_prefix),
            opt(&row.prefix_for_parsing),
            opt(&row.transform_rule),
            opt(&row.international_prefix),
            list(&row.lengths),
            list(&row.local_lengths),
            if row.keeps_leading_zero { "yes" } else { "no" },
            row.pattern
        );
    }
    std::fs::write(TSV, out)?;
    println!("updated {TSV} ({} calling codes); now run `cargo xtask codegen`", rows.len());
    Ok(())
}

/// Protocol-buffer wire format, just enough of it.
struct Fields<'a> {
    b: &'a [u8],
    i: usize,
}

enum Value<'a> {
    Varint(u64),
    Bytes(&'a [u8]),
}

impl<'a> Fields<'a> {
    fn varint(&mut self) -> Result<u64> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = *self.b.get(self.i).ok_or_else(|| err("truncated varint"))?;
            self.i += 1;
            v |= u64::from(byte & 0x7f) << shift;
            if byte < 0x80 {
                return Ok(v);
            }
        }
        Err(err("varint too long"))
    }

    fn next_field(&mut self) -> Result<Option<(u64, Value<'a>)>> {
        if self.i >= self.b.len() {
            return Ok(None);
        }
        let tag = self.varint()?;
        let value = match tag & 7 {
            0 => Value::Varint(self.varint()?),
            2 => {
                let len = usize::try_from(self.varint()?)?;
                let end = self.i.checked_add(len).filter(|&e| e <= self.b.len());
                let end = end.ok_or_else(|| err("truncated field"))?;
                let v = &self.b[self.i..end];
                self.i = end;
                Value::Bytes(v)
            }
            1 => {
                self.i += 8;
                Value::Varint(0)
            }
            5 => {
                self.i += 4;
                Value::Varint(0)
            }
            w => return Err(err(format!("unsupported wire type {w}"))),
        };
        Ok(Some((tag >> 3, value)))
    }
}

fn fields(b: &[u8]) -> Fields<'_> {
    Fields { b, i: 0 }
}

fn text(v: &Value<'_>) -> Result<String> {
    match v {
        Value::Bytes(b) => Ok(String::from_utf8(b.to_vec())?),
        Value::Varint(_) => Err(err("expected a string")),
    }
}

/// rlibphonenumber stores every pattern wrapped as `^(?:...)$`; Google's own compiled metadata
/// does not. Either way the TSV holds libphonenumber's original pattern.
fn unwrap_pattern(p: String) -> String {
    match p.strip_prefix("^(?:").and_then(|p| p.strip_suffix(")$")) {
        Some(inner) => inner.to_owned(),
        None => p,
    }
}

#[derive(Default)]
struct Desc {
    pattern: Option<String>,
    lengths: Vec<u32>,
    local_lengths: Vec<u32>,
}

fn desc(b: &[u8]) -> Result<Desc> {
    let mut d = Desc::default();
    let mut f = fields(b);
    while let Some((n, v)) = f.next_field()? {
        let target = match n {
            2 => {
                d.pattern = Some(unwrap_pattern(text(&v)?));
                continue;
            }
            9 => &mut d.lengths,
            10 => &mut d.local_lengths,
            _ => continue,
        };
        match v {
            Value::Varint(x) => target.push(u32::try_from(x)?),
            Value::Bytes(packed) => {
                let mut p = fields(packed);
                while p.i < packed.len() {
                    target.push(u32::try_from(p.varint()?)?);
                }
            }
        }
    }
    Ok(d)
}

fn rows_from_protobuf(bytes: &[u8]) -> Result<Vec<Row>> {
    // Every region of a calling code, and which is the main one.
    let mut by_code: BTreeMap<u16, Vec<(Row, bool)>> = BTreeMap::new();
    let mut top = fields(bytes);
    while let Some((n, v)) = top.next_field()? {
        let Value::Bytes(meta) = v else { continue };
        if n != 1 {
            continue;
        }
        let mut id = None;
        let mut code = None;
        let mut main = false;
        let mut general = Desc::default();
        let (mut np, mut npp, mut rule, mut idd) = (None, None, None, None);
        let mut f = fields(meta);
        while let Some((n, v)) = f.next_field()? {
            match (n, &v) {
                (1, Value::Bytes(b)) => general = desc(b)?,
                (9, _) => id = Some(text(&v)?),
                (10, Value::Varint(c)) => code = Some(u16::try_from(*c)?),
                (11, _) => idd = Some(unwrap_pattern(text(&v)?)),
                (12, _) => np = Some(text(&v)?),
                (15, _) => npp = Some(unwrap_pattern(text(&v)?)),
                (16, _) => rule = Some(text(&v)?),
                (22, Value::Varint(m)) => main = *m != 0,
                _ => {}
            }
        }
        let (Some(id), Some(code)) = (id, code) else {
            return Err(err("a PhoneMetadata without id or country_code"));
        };
        let pattern = general.pattern.ok_or_else(|| err(format!("{id}: no general pattern")))?;
        let non_empty = |s: Option<String>| s.filter(|s| !s.is_empty());
        let np = non_empty(np);
        let row = Row {
            code,
            region: id,
            other_regions: Vec::new(),
            // libphonenumber parses with the national prefix when no separate pattern is given.
            prefix_for_parsing: non_empty(npp).or_else(|| np.clone()),
            national_prefix: np,
            transform_rule: non_empty(rule),
            international_prefix: non_empty(idd),
            lengths: general.lengths,
            local_lengths: general.local_lengths,
            keeps_leading_zero: false,
            pattern,
        };
        by_code.entry(code).or_default().push((row, main));
    }
    main_rows(by_code)
}

/// One row per calling code: its main region's, with the other regions listed.
fn main_rows(by_code: BTreeMap<u16, Vec<(Row, bool)>>) -> Result<Vec<Row>> {
    let mut rows = Vec::new();
    for (code, mut regions) in by_code {
        let main_at = regions.iter().position(|(_, m)| *m).unwrap_or(0);
        if regions.len() > 1 && !regions[main_at].1 {
            return Err(err(format!("calling code {code}: several regions and no main one")));
        }
        let (mut row, _) = regions.remove(main_at);
        let mut others: Vec<String> = regions.into_iter().map(|(r, _)| r.region).collect();
        others.sort();
        others.dedup();
        row.other_regions = others;
        let dfa = Dfa::new(&row.pattern)?;
        row.keeps_leading_zero = row.national_prefix.is_none() && dfa.accepts_some_starting_with(0);
        rows.push(row);
    }
    Ok(rows)
}

/// A parsed XML element: just what `PhoneNumberMetadata.xml` needs.
#[derive(Debug, Default)]
struct Element {
    name: String,
    attrs: Vec<(String, String)>,
    children: Vec<Element>,
    text: String,
}

impl Element {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }

    /// Every descendant named `name`, not looking inside elements named `skip`.
    fn descendants<'a>(&'a self, name: &str, skip: &str, out: &mut Vec<&'a Element>) {
        for c in &self.children {
            if c.name == skip {
                continue;
            }
            if c.name == name {
                out.push(c);
            }
            c.descendants(name, skip, out);
        }
    }
}

fn unescape(s: &str) -> Result<String> {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let end = rest[at..].find(';').ok_or_else(|| err("unterminated XML entity"))? + at;
        out.push(match &rest[at + 1..end] {
            "lt" => '<',
            "gt" => '>',
            "amp" => '&',
            "quot" => '"',
            "apos" => '\'',
            other => return Err(err(format!("unsupported XML entity `&{other};`"))),
        });
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// A small XML reader: elements, attributes, text, comments, the prolog and a DOCTYPE with an
/// internal subset. Enough for libphonenumber's metadata, which uses nothing else.
fn parse_xml(text: &str) -> Result<Element> {
    let mut stack = vec![Element::default()];
    let mut rest = text;
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            if let Some(top) = stack.last_mut() {
                top.text.push_str(&unescape(rest)?);
            }
            break;
        };
        if lt > 0
            && let Some(top) = stack.last_mut()
        {
            top.text.push_str(&unescape(&rest[..lt])?);
        }
        rest = &rest[lt..];
        let skip_to = |rest: &str, end: &str| -> Result<usize> {
            rest.find(end).map(|i| i + end.len()).ok_or_else(|| err(format!("XML: no `{end}`")))
        };
        if rest.starts_with("<!--") {
            rest = &rest[skip_to(rest, "-->")?..];
        } else if rest.starts_with("<?") {
            rest = &rest[skip_to(rest, "?>")?..];
        } else if rest.starts_with("<!DOCTYPE") {
            let end = match (rest.find('['), rest.find('>')) {
                (Some(open), Some(close)) if open < close => skip_to(rest, "]>")?,
                _ => skip_to(rest, ">")?,
            };
            rest = &rest[end..];
        } else if let Some(after) = rest.strip_prefix("</") {
            let end = after.find('>').ok_or_else(|| err("XML: unclosed end tag"))?;
            let name = after[..end].trim();
            let done = stack.pop().ok_or_else(|| err("XML: unbalanced"))?;
            if done.name != name {
                return Err(err(format!("XML: `</{name}>` closes `<{}>`", done.name)));
            }
            stack.last_mut().ok_or_else(|| err("XML: unbalanced"))?.children.push(done);
            rest = &after[end + 1..];
        } else {
            // A start tag; attribute values may hold `>` only escaped, so the first `>` outside
            // quotes ends it.
            let mut in_quote = None;
            let mut end = None;
            for (i, c) in rest.char_indices().skip(1) {
                match (c, in_quote) {
                    ('"' | '\'', None) => in_quote = Some(c),
                    (q, Some(open)) if q == open => in_quote = None,
                    ('>', None) => {
                        end = Some(i);
                        break;
                    }
                    _ => {}
                }
            }
            let end = end.ok_or_else(|| err("XML: unclosed start tag"))?;
            let inner = &rest[1..end];
            let (inner, self_closing) = match inner.strip_suffix('/') {
                Some(i) => (i, true),
                None => (inner, false),
            };
            let name_end = inner.find(char::is_whitespace).unwrap_or(inner.len());
            let mut element = Element { name: inner[..name_end].to_owned(), ..Element::default() };
            let mut attrs = inner[name_end..].trim_start();
            while !attrs.is_empty() {
                let eq = attrs.find('=').ok_or_else(|| err("XML: attribute without `=`"))?;
                let name = attrs[..eq].trim().to_owned();
                let value = attrs[eq + 1..].trim_start();
                let quote = value.chars().next().ok_or_else(|| err("XML: attribute value"))?;
                let close = value[1..].find(quote).ok_or_else(|| err("XML: unclosed value"))? + 1;
                element.attrs.push((name, unescape(&value[1..close])?));
                attrs = value[close + 1..].trim_start();
            }
            rest = &rest[end + 1..];
            if self_closing {
                stack.last_mut().ok_or_else(|| err("XML: unbalanced"))?.children.push(element);
            } else {
                stack.push(element);
            }
        }
    }
    let mut root = stack.pop().ok_or_else(|| err("XML: empty"))?;
    if !stack.is_empty() {
        return Err(err("XML: unclosed elements"));
    }
    root.children.pop().ok_or_else(|| err("XML: no root element"))
}

/// Patterns in the XML are laid out over several lines: whitespace is not part of them.
fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Lengths as the XML writes them: `[8-10],12`.
fn lengths_attr(s: &str, out: &mut std::collections::BTreeSet<u32>) -> Result<()> {
    for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        if let Some(range) = part.strip_prefix('[').and_then(|p| p.strip_suffix(']')) {
            let (lo, hi) =
                range.split_once('-').ok_or_else(|| err(format!("bad range `{part}`")))?;
            for n in lo.trim().parse::<u32>()?..=hi.trim().parse::<u32>()? {
                out.insert(n);
            }
        } else {
            out.insert(part.parse::<u32>()?);
        }
    }
    Ok(())
}

/// `PhoneNumberMetadata.xml`, read as libphonenumber's `BuildMetadataFromXml` does for the fields
/// of the table: the national prefix for parsing defaults to the national prefix; the general
/// possible lengths are the union of those of every number type but `noInternationalDialling`,
/// and local-only lengths that are also national lengths are dropped.
fn rows_from_xml(text: &str) -> Result<Vec<Row>> {
    let root = parse_xml(text)?;
    let territories =
        root.child("territories").ok_or_else(|| err("XML: no <territories> element"))?;
    let mut by_code: BTreeMap<u16, Vec<(Row, bool)>> = BTreeMap::new();
    for t in territories.children.iter().filter(|c| c.name == "territory") {
        let id = t.attr("id").ok_or_else(|| err("XML: territory without id"))?;
        let code: u16 =
            t.attr("countryCode").ok_or_else(|| err(format!("{id}: no countryCode")))?.parse()?;
        let pattern = t
            .child("generalDesc")
            .and_then(|g| g.child("nationalNumberPattern"))
            .map(|p| squeeze(&p.text))
            .ok_or_else(|| err(format!("{id}: no general nationalNumberPattern")))?;
        let mut lengths = std::collections::BTreeSet::new();
        let mut local = std::collections::BTreeSet::new();
        let mut found = Vec::new();
        t.descendants("possibleLengths", "noInternationalDialling", &mut found);
        for pl in found {
            if let Some(n) = pl.attr("national") {
                lengths_attr(n, &mut lengths)?;
            }
            if let Some(l) = pl.attr("localOnly") {
                lengths_attr(l, &mut local)?;
            }
        }
        let local: Vec<u32> = local.into_iter().filter(|l| !lengths.contains(l)).collect();
        let attr = |name: &str| t.attr(name).map(squeeze).filter(|v| !v.is_empty());
        let national_prefix = attr("nationalPrefix");
        let row = Row {
            code,
            region: id.to_owned(),
            other_regions: Vec::new(),
            prefix_for_parsing: attr("nationalPrefixForParsing")
                .or_else(|| national_prefix.clone()),
            national_prefix,
            transform_rule: attr("nationalPrefixTransformRule"),
            international_prefix: attr("internationalPrefix"),
            lengths: lengths.into_iter().collect(),
            local_lengths: local,
            keeps_leading_zero: false,
            pattern,
        };
        by_code.entry(code).or_default().push((row, t.attr("mainCountryForCode") == Some("true")));
    }
    main_rows(by_code)
}

// ---------------------------------------------------------------------------------------------
// Codegen: TSV -> Rust.

fn read_rows() -> Result<(Vec<String>, Vec<Row>)> {
    let text = read_data(TSV)?;
    let mut provenance = Vec::new();
    let mut rows = Vec::new();
    let mut seen_header = false;
    for (i, line) in text.lines().enumerate() {
        let at = |msg: &str| err(format!("{TSV}:{}: {msg}", i + 1));
        if let Some(comment) = line.strip_prefix('#') {
            provenance.push(comment.trim().to_owned());
            continue;
        }
        if !seen_header {
            if line != COLUMNS {
                return Err(at("expected the column header"));
            }
            seen_header = true;
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 11 {
            return Err(at("expected 11 columns"));
        }
        let opt = |s: &str| (s != "-").then(|| s.to_owned());
        let list = |s: &str| -> Result<Vec<u32>> {
            if s == "-" {
                return Ok(Vec::new());
            }
            s.split(',').map(|n| n.parse::<u32>().map_err(|_| at("bad length"))).collect()
        };
        rows.push(Row {
            code: cols[0].parse().map_err(|_| at("bad code"))?,
            region: cols[1].to_owned(),
            other_regions: opt(cols[2])
                .map(|s| s.split(',').map(str::to_owned).collect())
                .unwrap_or_default(),
            national_prefix: opt(cols[3]),
            prefix_for_parsing: opt(cols[4]),
            transform_rule: opt(cols[5]),
            international_prefix: opt(cols[6]),
            lengths: list(cols[7])?,
            local_lengths: list(cols[8])?,
            keeps_leading_zero: match cols[9] {
                "yes" => true,
                "no" => false,
                _ => return Err(at("keeps_leading_zero is yes or no")),
            },
            pattern: cols[10].to_owned(),
        });
    }
    Ok((provenance, rows))
}

fn inst(i: Inst) -> String {
    match i {
        Inst::Digit(m) => format!("Digit({m:#05x})"),
        Inst::Split(a, b) => format!("Split({a}, {b})"),
        Inst::Jump(a) => format!("Jump({a})"),
        Inst::Save(s) => format!("Save({s})"),
        Inst::End => "End".to_owned(),
        Inst::Match => "Match".to_owned(),
    }
}

/// A prefix pattern as a `Prefix` of the runtime crate: the digits a match can start with, the
/// pattern when it is a plain digit string, and its program.
fn prefix_lit(pattern: Option<&str>) -> Result<String> {
    let Some(p) = pattern else {
        return Ok("Prefix { first: 0x000, literal: \"\", program: &[] }".to_owned());
    };
    let (prog, _) = program(p)?;
    let first = first_digits(&prog);
    let body: Vec<String> = prog.into_iter().map(inst).collect();
    Ok(format!(
        "Prefix {{ first: {first:#05x}, literal: {}, program: &[{}] }}",
        lit(literal(Some(p))),
        body.join(", ")
    ))
}

/// A pattern that is a plain digit string (`0`, `00`, `011`), or empty.
fn literal(pattern: Option<&str>) -> &str {
    pattern.filter(|p| p.bytes().all(|b| b.is_ascii_digit())).unwrap_or("")
}

fn mask(lengths: &[u32]) -> Result<u32> {
    let mut m = 0u32;
    for &l in lengths {
        if l >= 32 {
            return Err(err(format!("length {l} out of range")));
        }
        m |= 1 << l;
    }
    Ok(m)
}

/// The generator registered in `codegen.rs`.
pub(crate) fn generate() -> Result<Vec<Generated>> {
    let (provenance, rows) = read_rows()?;
    let mut next: Vec<[u8; 10]> = Vec::new();
    let mut accept: Vec<bool> = Vec::new();
    let mut countries = String::new();
    let mut index = vec![0u8; 1000];
    for (i, row) in rows.iter().enumerate() {
        let dfa = Dfa::new(&row.pattern)?;
        // Append the DFA's states, its dead state 0 included, to the shared table: a block of
        // rows numbered as in the DFA, so that transitions fit in a byte.
        let base = u16::try_from(next.len())
            .map_err(|_| err("the national-number automata need more than 65535 states"))?;
        for (s, targets) in dfa.next.iter().enumerate() {
            let mut line = [0u8; 10];
            for (slot, &t) in line.iter_mut().zip(targets) {
                *slot = u8::try_from(t).map_err(|_| {
                    err(format!("{}: national-number automaton of over 256 states", row.code))
                })?;
            }
            next.push(line);
            accept.push(dfa.accept[s]);
        }
        let start = u8::try_from(dfa.start)?;
        let nsn_lengths = dfa
            .match_lengths()
            .ok_or_else(|| err(format!("{}: national numbers longer than 31 digits", row.code)))?;
        let npp = prefix_lit(row.prefix_for_parsing.as_deref())?;
        let idd = prefix_lit(row.international_prefix.as_deref())?;
        if let Some(rule) = &row.transform_rule
            && !rule.bytes().all(|b| b.is_ascii_digit() || b == b'$')
        {
            return Err(err(format!("{}: unsupported transform rule `{rule}`", row.code)));
        }
        let code = usize::from(row.code);
        if code >= index.len() {
            return Err(err(format!("calling code {code} out of range")));
        }
        index[code] = u8::try_from(i + 1)?;
        // `+` and the code's digits, padded with zeros to four bytes (`*b"+91\0"`).
        let digits = row.code.to_string();
        let padding = "\\0".repeat(3 - digits.len());
        let _ = writeln!(
            countries,
            "Country {{ code: {}, e164_prefix: *b\"+{digits}{padding}\", code_len: {}, region: {}, \
             national_prefix: {}, prefix_for_parsing: {npp}, transform_rule: {}, \
             international_prefix: {idd}, \
             nsn_base: {base}, nsn_start: {start}, nsn_lengths: {nsn_lengths:#x}, lengths: {:#x}, local_lengths: {:#x}, keeps_leading_zero: {} }},",
            row.code,
            digits.len(),
            lit(&row.region),
            lit(row.national_prefix.as_deref().unwrap_or("")),
            lit(row.transform_rule.as_deref().unwrap_or("")),
            mask(&row.lengths)?,
            mask(&row.local_lengths)?,
            row.keeps_leading_zero
        );
    }
    let mut body = String::new();
    for line in &provenance {
        let _ = writeln!(body, "//! {line}");
    }
    let _ = writeln!(
        body,
        "\nuse crate::table::{{Country, Inst::{{Digit, End, Jump, Match, Save, Split}}, Prefix}};\n"
    );
    let _ = writeln!(body, "/// Every country calling code, in ascending order.");
    let _ = writeln!(
        body,
        "pub(crate) static COUNTRIES: [Country; {}] = [\n{countries}];\n",
        rows.len()
    );
    let _ =
        writeln!(body, "/// `COUNTRIES` index plus one of each calling code, 0 when unassigned.");
    let _ = writeln!(body, "pub(crate) static INDEX: [u8; 1000] = {index:?};\n");
    let _ = writeln!(
        body,
        "/// The national-number automata, one block of rows of ten transitions (one per digit) for\n\
         /// each country, from its row `Country::nsn_base` on, flattened; the states of a block are\n\
         /// numbered from its first row, and state 0, that row, is dead (its transitions are 0)."
    );
    let states: Vec<String> = next.iter().flat_map(|t| t.iter().map(u8::to_string)).collect();
    let _ = writeln!(
        body,
        "pub(crate) static NSN_NEXT: [u8; {}] = [{}];\n",
        next.len() * 10,
        states.join(", ")
    );
    let mut words = vec![0u64; accept.len().div_ceil(64)];
    for (s, &a) in accept.iter().enumerate() {
        if a {
            words[s / 64] |= 1 << (s % 64);
        }
    }
    let _ = writeln!(body, "/// Accepting rows of `NSN_NEXT`, one bit per row.");
    let words: Vec<String> = words.iter().map(|w| format!("{w:#x}")).collect();
    let _ = writeln!(
        body,
        "pub(crate) static NSN_ACCEPT: [u64; {}] = [{}];",
        words.len(),
        words.join(", ")
    );
    Ok(vec![Generated { path: PathBuf::from(OUT), contents: rust_file(&body)? }])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unwraps_rlibphonenumber_anchors() {
        assert_eq!(unwrap_pattern("^(?:0|180020)$".to_owned()), "0|180020");
        assert_eq!(unwrap_pattern("0|1".to_owned()), "0|1");
    }

    #[test]
    fn reads_metadata_xml() {
        let xml = r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE phoneNumberMetadata [
    <!ELEMENT territory (generalDesc)>
]>
<!-- a comment with <tags> -->
<phoneNumberMetadata>
  <territories>
    <territory id="US" countryCode="1" mainCountryForCode="true" internationalPrefix="011"
               nationalPrefix="1">
      <generalDesc><nationalNumberPattern>
          [2-9]\d{9}|
          3\d{6}
      </nationalNumberPattern></generalDesc>
      <fixedLine><possibleLengths national="10" localOnly="7"/></fixedLine>
      <noInternationalDialling><possibleLengths national="11"/></noInternationalDialling>
    </territory>
    <territory id="CA" countryCode="1" internationalPrefix="011" nationalPrefix="1">
      <generalDesc><nationalNumberPattern>[2-9]\d{9}</nationalNumberPattern></generalDesc>
      <mobile><possibleLengths national="10"/></mobile>
    </territory>
    <territory id="AR" countryCode="54" internationalPrefix="00" nationalPrefix="0"
               nationalPrefixForParsing="
                 0?(?:(11)15)?" nationalPrefixTransformRule="9$1">
      <generalDesc><nationalNumberPattern>(?:11|[89]\d\d)\d{8}</nationalNumberPattern></generalDesc>
      <fixedLine><possibleLengths national="10" localOnly="[6-8]"/></fixedLine>
      <mobile><possibleLengths national="[10-11]" localOnly="10"/></mobile>
    </territory>
    <territory id="IT" countryCode="39" internationalPrefix="00" mainCountryForCode="true">
      <generalDesc><nationalNumberPattern>0\d{5,10}|3\d{8,9}</nationalNumberPattern></generalDesc>
      <fixedLine><possibleLengths national="[6-11]"/></fixedLine>
    </territory>
  </territories>
</phoneNumberMetadata>"#;
        let rows = rows_from_xml(xml).unwrap();
        assert_eq!(rows.len(), 3);
        let us = &rows[0];
        assert_eq!(
            (us.code, us.region.as_str(), us.other_regions.clone()),
            (1, "US", vec!["CA".to_owned()])
        );
        assert_eq!(us.pattern, r"[2-9]\d{9}|3\d{6}");
        assert_eq!((us.lengths.clone(), us.local_lengths.clone()), (vec![10], vec![7]));
        assert_eq!(us.prefix_for_parsing.as_deref(), Some("1"));
        let ar = &rows[2];
        assert_eq!(ar.prefix_for_parsing.as_deref(), Some("0?(?:(11)15)?"));
        assert_eq!(ar.transform_rule.as_deref(), Some("9$1"));
        assert_eq!((ar.lengths.clone(), ar.local_lengths.clone()), (vec![10, 11], vec![6, 7, 8]));
        let it = &rows[1];
        assert!(it.keeps_leading_zero && it.national_prefix.is_none());
        assert_eq!(unescape("a&lt;b&amp;c").unwrap(), "a<b&c");
        assert!(parse_xml("<a><b></a>").is_err());
    }

    #[test]
    fn decodes_packed_and_unpacked_lengths() {
        // general desc: pattern "\d{3}", lengths 8 (unpacked), [9, 10] (packed), local 7.
        let mut b = vec![0x12, 5];
        b.extend_from_slice(br"\d{3}");
        b.extend_from_slice(&[0x48, 8, 0x4a, 2, 9, 10, 0x50, 7]);
        let d = desc(&b).unwrap();
        assert_eq!(d.pattern.as_deref(), Some(r"\d{3}"));
        assert_eq!(d.lengths, [8, 9, 10]);
        assert_eq!(d.local_lengths, [7]);
    }
}
