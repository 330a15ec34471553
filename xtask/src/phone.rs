//! `alexa-phone`'s country table: refreshed from libphonenumber's metadata into
//! `crates/phone/data/countries.tsv`, and generated from that file into
//! `crates/phone/src/countries.rs`.
//!
//! - `cargo xtask phone-metadata FILE VERSION` reads compiled libphonenumber metadata (a
//!   `PhoneMetadataCollection` protocol buffer, the form libphonenumber's own build produces from
//!   `PhoneNumberMetadata.xml` and that the `rlibphonenumber` crate ships as
//!   `src/generated/metadata/metadata.bin`) and rewrites the TSV: one row per country calling code,
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
use crate::digit_regex::{Dfa, Inst, program};
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
    let rows = rows_from_protobuf(&bytes)?;
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
        "# Source: libphonenumber metadata {version} (a compiled `PhoneMetadataCollection`, read from `.../{source_name}`)."
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
    if rows.len() < 200 {
        return Err(err(format!(
            "only {} calling codes: not libphonenumber metadata?",
            rows.len()
        )));
    }
    Ok(rows)
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

fn program_lit(pattern: Option<&str>) -> Result<String> {
    let Some(p) = pattern else { return Ok("&[]".to_owned()) };
    let (prog, _) = program(p)?;
    let body: Vec<String> = prog.into_iter().map(inst).collect();
    Ok(format!("&[{}]", body.join(", ")))
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
    let mut next: Vec<[u32; 10]> = vec![[0; 10]];
    let mut accept: Vec<bool> = vec![false];
    let mut countries = String::new();
    let mut index = vec![0u8; 1000];
    for (i, row) in rows.iter().enumerate() {
        let dfa = Dfa::new(&row.pattern)?;
        // Append the DFA's states (all but its dead state 0) to the shared table.
        let base = u32::try_from(next.len())? - 1;
        let relocate = |t: u32| if t == 0 { 0 } else { t + base };
        for s in 1..dfa.next.len() {
            next.push(dfa.next[s].map(relocate));
            accept.push(dfa.accept[s]);
        }
        let start = relocate(dfa.start);
        let nsn_lengths = dfa
            .match_lengths()
            .ok_or_else(|| err(format!("{}: national numbers longer than 31 digits", row.code)))?;
        let npp = program_lit(row.prefix_for_parsing.as_deref())?;
        let idd = program_lit(row.international_prefix.as_deref())?;
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
        let _ = writeln!(
            countries,
            "Country {{ code: {}, region: {}, national_prefix: {}, prefix_for_parsing: {npp}, \
             literal_prefix_for_parsing: {}, transform_rule: {}, international_prefix: {idd}, \
             literal_international_prefix: {}, \
             nsn_start: {start}, nsn_lengths: {nsn_lengths:#x}, lengths: {:#x}, local_lengths: {:#x}, keeps_leading_zero: {} }},",
            row.code,
            lit(&row.region),
            lit(row.national_prefix.as_deref().unwrap_or("")),
            lit(literal(row.prefix_for_parsing.as_deref())),
            lit(row.transform_rule.as_deref().unwrap_or("")),
            lit(literal(row.international_prefix.as_deref())),
            mask(&row.lengths)?,
            mask(&row.local_lengths)?,
            row.keeps_leading_zero
        );
    }
    if next.len() > usize::from(u16::MAX) {
        return Err(err("the national-number automata need more than 65535 states"));
    }
    let mut body = String::new();
    for line in &provenance {
        let _ = writeln!(body, "//! {line}");
    }
    let _ = writeln!(
        body,
        "\nuse crate::table::{{Country, Inst::{{Digit, End, Jump, Match, Save, Split}}}};\n"
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
        "/// The national-number automata, one table for all countries: state 0 is dead, and\n\
         /// `Country::nsn_start` is where each country's automaton starts."
    );
    let states: Vec<String> = next.iter().map(|t| format!("{:?}", t.map(|x| x as u16))).collect();
    let _ = writeln!(
        body,
        "pub(crate) static NSN_NEXT: [[u16; 10]; {}] = [{}];\n",
        next.len(),
        states.join(", ")
    );
    let mut words = vec![0u64; accept.len().div_ceil(64)];
    for (s, &a) in accept.iter().enumerate() {
        if a {
            words[s / 64] |= 1 << (s % 64);
        }
    }
    let _ = writeln!(body, "/// Accepting states of `NSN_NEXT`, one bit per state.");
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
