//! What each character is to the scanners: a decimal digit (of any script, as its value), a
//! separator, a plus sign, or anything else.
//!
//! One table answers for every code point, read straight from the UTF-8 bytes without decoding
//! a `char`: the code point's block of 128 picks a row of `CLASSES`, and the row holds the class
//! of each code point of the block. Blocks without a digit, separator or plus sign share the first
//! row, which says `OTHER` throughout. The table is built at compile time from the lists below,
//! and the tests check it against `char::is_whitespace` and a search of `DIGIT_ZEROS` for every
//! code point.

/// The class of a separator; classes below it are digits, whose class is their value.
pub(crate) const SEPARATOR: u8 = 10;
/// The class of `+` and its fullwidth form.
pub(crate) const PLUS: u8 = 11;
/// The class of every other character.
pub(crate) const OTHER: u8 = 12;

/// The first code point of every run of ten Unicode decimal digits (general category Nd),
/// Unicode 16.0. Every such run is `0` to `9` in order, so a digit's value is its distance from
/// the run's start.
const DIGIT_ZEROS: [u32; 76] = [
    0x30, 0x660, 0x6F0, 0x7C0, 0x966, 0x9E6, 0xA66, 0xAE6, 0xB66, 0xBE6, 0xC66, 0xCE6, 0xD66,
    0xDE6, 0xE50, 0xED0, 0xF20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90,
    0x1B50, 0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0, 0xFF10,
    0x104A0, 0x10D30, 0x10D40, 0x11066, 0x110F0, 0x11136, 0x111D0, 0x112F0, 0x11450, 0x114D0,
    0x11650, 0x116C0, 0x116D0, 0x116DA, 0x11730, 0x118E0, 0x11950, 0x11BF0, 0x11C50, 0x11D50,
    0x11DA0, 0x11F50, 0x16130, 0x16A60, 0x16AC0, 0x16B50, 0x16D70, 0x1CCF0, 0x1D7CE, 0x1D7D8,
    0x1D7E2, 0x1D7EC, 0x1D7F6, 0x1E140, 0x1E2F0, 0x1E4F0, 0x1E5F1, 0x1E950, 0x1FBF0,
];

/// The characters ignored between digits, as ranges of code points: whitespace (Unicode's
/// `White_Space`, which is what `char::is_whitespace` tests, NBSP and the ideographic space
/// included), dashes, dots, slashes, brackets, and invisible formatting characters.
const SEPARATORS: [(u32, u32); 26] = [
    (0x09, 0x0D),     // tab, line feed, vertical tab, form feed, carriage return
    (0x20, 0x20),     // space
    (0x28, 0x29),     // ( )
    (0x2D, 0x2F),     // - . /
    (0x5B, 0x5B),     // [
    (0x5D, 0x5D),     // ]
    (0x85, 0x85),     // next line
    (0xA0, 0xA0),     // no-break space
    (0xAD, 0xAD),     // soft hyphen
    (0x1680, 0x1680), // ogham space mark
    (0x2000, 0x200B), // en quad to hair space, zero width space
    (0x2010, 0x2015), // hyphens and dashes
    (0x2028, 0x2029), // line and paragraph separators
    (0x202F, 0x202F), // narrow no-break space
    (0x205F, 0x205F), // medium mathematical space
    (0x2060, 0x2060), // word joiner
    (0x2212, 0x2212), // minus sign
    (0x3000, 0x3000), // ideographic space
    (0x30FC, 0x30FC), // katakana prolonged sound mark, used as a dash
    (0xFEFF, 0xFEFF), // zero width no-break space
    (0xFF08, 0xFF09), // fullwidth parentheses
    (0xFF0D, 0xFF0D), // fullwidth hyphen-minus
    (0xFF0E, 0xFF0E), // fullwidth full stop
    (0xFF0F, 0xFF0F), // fullwidth solidus
    (0xFF3B, 0xFF3B), // fullwidth left square bracket
    (0xFF3D, 0xFF3D), // fullwidth right square bracket
];

/// The plus signs: `+` and the fullwidth `＋`.
const PLUSES: [u32; 2] = [0x2B, 0xFF0B];

/// Code points per block.
const BLOCK_BITS: u32 = 7;
const BLOCK: usize = 1 << BLOCK_BITS;
/// The blocks the index covers: every code point (U+10FFFF is in block 0x21FF), rounded up to a
/// power of two so that a mask, not a bounds check, keeps a look-up in the table.
const INDEX_LEN: usize = 0x4000;
/// The rows `CLASSES` has room for, a power of two for the same reason.
const ROWS_LEN: usize = 128;

/// The row of `CLASSES` of each block (0, the row of `OTHER`, for most).
static INDEX: [u8; INDEX_LEN] = build().0;
/// The classes of the code points of each block that has any but `OTHER`, row after row (rows
/// past the last one used say `OTHER` too).
static CLASSES: [u8; ROWS_LEN * BLOCK] = build().1;
/// How many rows `CLASSES` uses: the row of `OTHER` and one per block with a digit, separator or
/// plus sign.
const ROWS: usize = rows();

/// The row of ASCII in `CLASSES`: the first block with an entry, listed first.
const ASCII_ROW: usize = 1;

/// Calls `f(code point, class)` for every code point that is not `OTHER`, ASCII first.
macro_rules! for_each_entry {
    (|$cp:ident, $class:ident| $body:block) => {{
        let mut p = 0;
        while p < PLUSES.len() {
            let $cp = PLUSES[p];
            let $class = PLUS;
            $body
            p += 1;
        }
        let mut s = 0;
        while s < SEPARATORS.len() {
            let mut $cp = SEPARATORS[s].0;
            while $cp <= SEPARATORS[s].1 {
                let $class = SEPARATOR;
                $body
                $cp += 1;
            }
            s += 1;
        }
        let mut z = 0;
        while z < DIGIT_ZEROS.len() {
            let mut v = 0;
            while v < 10 {
                let $cp = DIGIT_ZEROS[z] + v;
                let $class = v as u8;
                $body
                v += 1;
            }
            z += 1;
        }
    }};
}

/// The number of rows: the blocks that have an entry, and the row of `OTHER`.
const fn rows() -> usize {
    let mut used = [false; INDEX_LEN];
    let mut rows = 1;
    for_each_entry!(|cp, class| {
        let _ = class;
        let block = (cp >> BLOCK_BITS) as usize;
        if !used[block] {
            used[block] = true;
            rows += 1;
        }
    });
    rows
}

/// Both tables: rows are numbered in the order their blocks are first met.
const fn build() -> ([u8; INDEX_LEN], [u8; ROWS_LEN * BLOCK]) {
    let mut index = [0u8; INDEX_LEN];
    let mut classes = [OTHER; ROWS_LEN * BLOCK];
    let mut next = 1;
    for_each_entry!(|cp, class| {
        let block = (cp >> BLOCK_BITS) as usize;
        if index[block] == 0 {
            index[block] = next as u8;
            next += 1;
        }
        classes[index[block] as usize * BLOCK + (cp as usize) % BLOCK] = class;
    });
    assert!(next == ROWS && ROWS <= ROWS_LEN);
    assert!(index[0] as usize == ASCII_ROW);
    (index, classes)
}

/// The class of the code point `cp`.
#[inline(always)]
fn of_code_point(cp: u32) -> u8 {
    let row = usize::from(INDEX[(cp >> BLOCK_BITS) as usize % INDEX_LEN]);
    CLASSES[(row * BLOCK + (cp as usize) % BLOCK) % CLASSES.len()]
}

/// The class of an ASCII byte, from the row of ASCII.
#[inline(always)]
fn of_ascii(b: u8) -> u8 {
    CLASSES[(ASCII_ROW * BLOCK + usize::from(b) % BLOCK) % CLASSES.len()]
}

/// What an ASCII digit or separator adds to the count of digits: 1 for a digit, 0 for a
/// separator, and 2 for every other byte (a `+`, a letter, a byte of a character that is not
/// ASCII), which ends a run.
#[inline(always)]
pub(crate) fn ascii_step(b: u8) -> u8 {
    STEPS[usize::from(b)]
}

/// `ascii_step` of every byte.
static STEPS: [u8; 256] = {
    let mut t = [2; 256];
    let mut b = 0;
    while b < BLOCK {
        t[b] = match CLASSES[ASCII_ROW * BLOCK + b] {
            SEPARATOR => 0,
            d if d < SEPARATOR => 1,
            _ => 2,
        };
        b += 1;
    }
    t
};

/// The class of a character.
#[inline]
pub(crate) fn of_char(c: char) -> u8 {
    of_code_point(u32::from(c))
}

/// The class of the character that starts at `bytes[i]`, whose first byte is `lead`, and its
/// length in bytes. `bytes` is UTF-8 (from a `str`) and `i` a character boundary.
#[inline(always)]
pub(crate) fn at(bytes: &[u8], i: usize, lead: u8) -> (u8, usize) {
    if lead.is_ascii() {
        return (of_ascii(lead), 1);
    }
    at_multibyte(bytes, i, lead)
}

/// `at` for a character of two to four bytes: the code point from its bytes, without the checks
/// of `str::chars` (the text is valid UTF-8 already).
#[inline(always)]
fn at_multibyte(bytes: &[u8], i: usize, lead: u8) -> (u8, usize) {
    let next = |k: usize| u32::from(bytes.get(i + k).copied().unwrap_or(0) & 0x3F);
    let lead = u32::from(lead);
    let (cp, width) = if lead < 0xE0 {
        ((lead & 0x1F) << 6 | next(1), 2)
    } else if lead < 0xF0 {
        ((lead & 0x0F) << 12 | next(1) << 6 | next(2), 3)
    } else {
        ((lead & 0x07) << 18 | next(1) << 12 | next(2) << 6 | next(3), 4)
    };
    (of_code_point(cp), width)
}

/// The ASCII digit of a Unicode decimal digit.
#[cfg(test)]
pub(crate) fn decimal_digit(c: char) -> Option<u8> {
    let class = of_char(c);
    (class < SEPARATOR).then(|| b'0' + class)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The digit of `c` by a search of every run of `DIGIT_ZEROS`.
    fn reference_digit(c: char) -> Option<u8> {
        let cp = u32::from(c);
        let run = DIGIT_ZEROS.partition_point(|&z| z <= cp).checked_sub(1)?;
        let value = cp - DIGIT_ZEROS[run];
        (value < 10).then(|| b'0' + value as u8)
    }

    /// Whether `c` is a separator, from its definition.
    fn reference_separator(c: char) -> bool {
        c.is_whitespace()
            || matches!(
                c,
                '-' | '.'
                    | '/'
                    | '('
                    | ')'
                    | '['
                    | ']'
                    | '\u{00AD}'
                    | '\u{200B}'
                    | '\u{2060}'
                    | '\u{FEFF}'
                    | '\u{2010}'
                    ..='\u{2015}'
                        | '\u{2212}'
                        | '\u{30FC}'
                        | '\u{FF08}'
                        | '\u{FF09}'
                        | '\u{FF0D}'
                        | '\u{FF0E}'
                        | '\u{FF0F}'
                        | '\u{FF3B}'
                        | '\u{FF3D}'
            )
    }

    #[test]
    fn every_code_point_has_its_class() {
        for c in (0..=0x10_FFFF).filter_map(char::from_u32) {
            let expected = match (reference_digit(c), reference_separator(c)) {
                (Some(d), false) => d - b'0',
                (None, true) => SEPARATOR,
                (None, false) if c == '+' || c == '\u{FF0B}' => PLUS,
                (None, false) => OTHER,
                (Some(_), true) => panic!("{c:?} is a digit and a separator"),
            };
            assert_eq!(of_char(c), expected, "{c:?}");
            let mut buf = [0; 4];
            let bytes = c.encode_utf8(&mut buf).as_bytes();
            assert_eq!(at(bytes, 0, bytes[0]), (expected, c.len_utf8()), "{c:?}");
            if c.is_ascii() {
                assert_eq!(of_ascii(c as u8), expected, "{c:?}");
                let step = match expected {
                    SEPARATOR => 0,
                    d if d < SEPARATOR => 1,
                    _ => 2,
                };
                assert_eq!(ascii_step(c as u8), step, "{c:?}");
            }
        }
    }

    #[test]
    fn decimal_digits_of_every_script() {
        assert_eq!(decimal_digit('7'), Some(b'7'));
        assert_eq!(decimal_digit('\u{FF17}'), Some(b'7')); // fullwidth
        assert_eq!(decimal_digit('\u{0667}'), Some(b'7')); // Arabic-Indic
        assert_eq!(decimal_digit('\u{096D}'), Some(b'7')); // Devanagari
        assert_eq!(decimal_digit('\u{1D7D5}'), Some(b'7')); // mathematical bold
        assert_eq!(decimal_digit('\u{1D7CE}'), Some(b'0'));
        assert_eq!(decimal_digit('\u{1D7FF}'), Some(b'9'));
        assert_eq!(decimal_digit('a'), None);
        assert_eq!(decimal_digit('\u{00B2}'), None); // superscript two is No, not Nd
        assert_eq!(decimal_digit('\u{2167}'), None); // roman numeral eight is Nl
        assert_eq!(decimal_digit('\u{0670}'), None);
    }

    #[test]
    fn digit_runs_are_numeric_and_apart() {
        // Every listed digit is numeric for `char::is_numeric` (Nd, Nl or No).
        for &z in &DIGIT_ZEROS {
            for v in 0..10 {
                let c = char::from_u32(z + v).unwrap();
                assert!(c.is_numeric(), "{c:?}");
            }
        }
        assert!(DIGIT_ZEROS.windows(2).all(|w| w[0] + 10 <= w[1]));
        assert!(DIGIT_ZEROS.iter().all(|&z| z + 10 <= 0x20000));
    }
}
