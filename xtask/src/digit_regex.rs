//! The regular expressions of libphonenumber's metadata, compiled ahead of time for `alexa-phone`.
//!
//! The metadata's patterns work on strings of ASCII digits and use a small subset of regex syntax:
//! digits, `\d`, bracketed digit classes with ranges, `(?:...)` and capturing `(...)` groups,
//! `|`, the quantifiers `?`, `*`, `+`, `{n}`, `{n,}`, `{n,m}`, and `$`. This module parses that
//! subset (anything else is an error, so a new construct in future metadata fails the generator
//! loudly) and compiles it two ways:
//!
//! - [`Dfa`]: a minimal deterministic automaton over the ten digits for whole-string matches (the
//!   national-number patterns), so that matching costs one table look-up per digit at run time;
//! - [`program`]: instructions for a small backtracking machine that matches at the start of the
//!   input with leftmost-first priority and records capture groups, exactly as the `regex` crate
//!   and Java do (the national-prefix-for-parsing and international-prefix patterns, whose captures
//!   and match end matter). Programs never jump backwards (unbounded repetition is refused), so
//!   the machine always terminates and its recursion depth is bounded by the program length.

use std::collections::{BTreeMap, HashMap};

use crate::util::{Result, err};

/// A parsed pattern.
#[derive(Debug, Clone)]
enum Node {
    /// One digit of the set (bit `d` for digit `d`).
    Class(u16),
    Concat(Vec<Node>),
    Alt(Vec<Node>),
    Repeat {
        node: Box<Node>,
        min: u32,
        max: Option<u32>,
    },
    /// A group; `Some(n)` for the n-th capturing group (1-based).
    Group(Option<u32>, Box<Node>),
    /// `$`: the end of the input.
    End,
}

const ALL_DIGITS: u16 = 0x3ff;

struct Parser<'a> {
    s: &'a [u8],
    pos: usize,
    groups: u32,
}

/// Parses a pattern; returns the tree and the number of capturing groups.
fn parse(pattern: &str) -> Result<(Node, u32)> {
    let mut p = Parser { s: pattern.as_bytes(), pos: 0, groups: 0 };
    let node = p.alt()?;
    if p.pos != p.s.len() {
        return Err(p.error("unexpected `)`"));
    }
    Ok((node, p.groups))
}

impl Parser<'_> {
    fn error(&self, what: &str) -> crate::util::Error {
        err(format!("pattern `{}`: {what} at byte {}", String::from_utf8_lossy(self.s), self.pos))
    }

    fn peek(&self) -> Option<u8> {
        self.s.get(self.pos).copied()
    }

    fn eat(&mut self, b: u8) -> bool {
        if self.peek() == Some(b) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn alt(&mut self) -> Result<Node> {
        let mut branches = vec![self.concat()?];
        while self.eat(b'|') {
            branches.push(self.concat()?);
        }
        Ok(if branches.len() == 1 { branches.remove(0) } else { Node::Alt(branches) })
    }

    fn concat(&mut self) -> Result<Node> {
        let mut items = Vec::new();
        while let Some(b) = self.peek() {
            if b == b'|' || b == b')' {
                break;
            }
            let atom = self.atom()?;
            items.push(self.quantified(atom)?);
        }
        Ok(if items.len() == 1 { items.remove(0) } else { Node::Concat(items) })
    }

    fn atom(&mut self) -> Result<Node> {
        let Some(b) = self.peek() else { return Err(self.error("unexpected end")) };
        self.pos += 1;
        match b {
            b'0'..=b'9' => Ok(Node::Class(1 << (b - b'0'))),
            b'\\' => {
                if self.eat(b'd') {
                    Ok(Node::Class(ALL_DIGITS))
                } else {
                    Err(self.error("unsupported escape"))
                }
            }
            b'[' => self.class(),
            b'$' => Ok(Node::End),
            b'(' => {
                let capture = if self.eat(b'?') {
                    if !self.eat(b':') {
                        return Err(self.error("unsupported group kind"));
                    }
                    None
                } else {
                    self.groups += 1;
                    Some(self.groups)
                };
                let inner = self.alt()?;
                if !self.eat(b')') {
                    return Err(self.error("unclosed group"));
                }
                Ok(Node::Group(capture, Box::new(inner)))
            }
            _ => Err(self.error("unsupported character")),
        }
    }

    fn class(&mut self) -> Result<Node> {
        let mut mask = 0u16;
        loop {
            let Some(b) = self.peek() else { return Err(self.error("unclosed class")) };
            self.pos += 1;
            match b {
                b']' => break,
                b'0'..=b'9' => {
                    let lo = b - b'0';
                    if self.peek() == Some(b'-') && self.s.get(self.pos + 1) != Some(&b']') {
                        self.pos += 1;
                        let hi = match self.peek() {
                            Some(h @ b'0'..=b'9') => h - b'0',
                            _ => return Err(self.error("bad range")),
                        };
                        self.pos += 1;
                        for d in lo..=hi {
                            mask |= 1 << d;
                        }
                    } else {
                        mask |= 1 << lo;
                    }
                }
                b'\\' if self.eat(b'd') => mask |= ALL_DIGITS,
                _ => return Err(self.error("unsupported class member")),
            }
        }
        if mask == 0 {
            return Err(self.error("empty class"));
        }
        Ok(Node::Class(mask))
    }

    fn number(&mut self) -> Result<u32> {
        let start = self.pos;
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.pos += 1;
        }
        std::str::from_utf8(&self.s[start..self.pos])
            .ok()
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| self.error("bad repetition count"))
    }

    fn quantified(&mut self, atom: Node) -> Result<Node> {
        let (min, max) = match self.peek() {
            Some(b'?') => (0, Some(1)),
            Some(b'*') => (0, None),
            Some(b'+') => (1, None),
            Some(b'{') => {
                self.pos += 1;
                let min = self.number()?;
                let max = if self.eat(b',') {
                    if self.peek() == Some(b'}') { None } else { Some(self.number()?) }
                } else {
                    Some(min)
                };
                if self.peek() != Some(b'}') {
                    return Err(self.error("unclosed repetition"));
                }
                (min, max)
            }
            _ => return Ok(atom),
        };
        self.pos += 1;
        if matches!(self.peek(), Some(b'?' | b'+' | b'*' | b'{')) {
            return Err(self.error("lazy, possessive or stacked quantifiers are not supported"));
        }
        Ok(Node::Repeat { node: Box::new(atom), min, max })
    }
}

// ---------------------------------------------------------------------------------------------
// Whole-string matching: Thompson NFA, subset construction, minimization.

#[derive(Default)]
struct Nfa {
    /// Per state: epsilon successors and digit edges.
    eps: Vec<Vec<usize>>,
    edges: Vec<Vec<(u16, usize)>>,
}

impl Nfa {
    fn state(&mut self) -> usize {
        self.eps.push(Vec::new());
        self.edges.push(Vec::new());
        self.eps.len() - 1
    }

    /// Adds `node` between a new start and end state; returns (start, end).
    fn add(&mut self, node: &Node) -> Result<(usize, usize)> {
        let start = self.state();
        let end = self.state();
        match node {
            Node::Class(mask) => self.edges[start].push((*mask, end)),
            Node::Concat(items) => {
                let mut at = start;
                for item in items {
                    let (s, e) = self.add(item)?;
                    self.eps[at].push(s);
                    at = e;
                }
                self.eps[at].push(end);
            }
            Node::Alt(branches) => {
                for b in branches {
                    let (s, e) = self.add(b)?;
                    self.eps[start].push(s);
                    self.eps[e].push(end);
                }
            }
            Node::Group(_, inner) => {
                let (s, e) = self.add(inner)?;
                self.eps[start].push(s);
                self.eps[e].push(end);
            }
            Node::Repeat { node, min, max } => {
                let mut at = start;
                for _ in 0..*min {
                    let (s, e) = self.add(node)?;
                    self.eps[at].push(s);
                    at = e;
                }
                match max {
                    Some(max) => {
                        for _ in *min..*max {
                            let (s, e) = self.add(node)?;
                            self.eps[at].push(s);
                            self.eps[at].push(end);
                            at = e;
                        }
                    }
                    None => {
                        let (s, e) = self.add(node)?;
                        self.eps[at].push(s);
                        self.eps[e].push(at);
                    }
                }
                self.eps[at].push(end);
            }
            Node::End => return Err(err("`$` in a whole-string pattern")),
        }
        Ok((start, end))
    }

    fn closure(&self, set: &mut Vec<usize>) {
        let mut stack = set.clone();
        while let Some(s) = stack.pop() {
            for &t in &self.eps[s] {
                if !set.contains(&t) {
                    set.push(t);
                    stack.push(t);
                }
            }
        }
        set.sort_unstable();
    }
}

/// A minimal DFA over the digits. State 0 is the dead state; `start` is the initial state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Dfa {
    pub(crate) next: Vec<[u32; 10]>,
    pub(crate) accept: Vec<bool>,
    pub(crate) start: u32,
}

impl Dfa {
    /// Compiles a pattern for whole-string matches.
    pub(crate) fn new(pattern: &str) -> Result<Dfa> {
        let (node, _) = parse(pattern)?;
        let mut nfa = Nfa::default();
        let (start, end) = nfa.add(&node)?;
        let mut first = vec![start];
        nfa.closure(&mut first);
        // Subset construction; DFA state 0 is dead.
        let mut ids: HashMap<Vec<usize>, u32> = HashMap::new();
        let mut sets: Vec<Vec<usize>> = vec![Vec::new()];
        let mut next: Vec<[u32; 10]> = vec![[0; 10]];
        ids.insert(Vec::new(), 0);
        ids.insert(first.clone(), 1);
        sets.push(first);
        next.push([0; 10]);
        let mut i = 1;
        while i < sets.len() {
            for d in 0..10u16 {
                let mut target = Vec::new();
                for &s in &sets[i] {
                    for &(mask, t) in &nfa.edges[s] {
                        if mask & (1 << d) != 0 && !target.contains(&t) {
                            target.push(t);
                        }
                    }
                }
                nfa.closure(&mut target);
                let id = match ids.get(&target) {
                    Some(&id) => id,
                    None => {
                        let id = u32::try_from(sets.len()).map_err(|_| err("DFA too large"))?;
                        ids.insert(target.clone(), id);
                        sets.push(target);
                        next.push([0; 10]);
                        id
                    }
                };
                next[i][usize::from(d)] = id;
            }
            i += 1;
        }
        let accept = sets.iter().map(|s| s.contains(&end)).collect();
        Ok(Dfa { next, accept, start: 1 }.minimized())
    }

    /// Moore's partition refinement; the dead state stays 0.
    fn minimized(&self) -> Dfa {
        let n = self.next.len();
        let mut class: Vec<u32> = self.accept.iter().map(|&a| u32::from(a)).collect();
        // The dead state is its own class (it cannot accept; keep it apart so it stays 0).
        class[0] = 2;
        loop {
            let mut sig_ids: BTreeMap<(u32, [u32; 10]), u32> = BTreeMap::new();
            let mut new_class = vec![0u32; n];
            for s in 0..n {
                let sig = (class[s], self.next[s].map(|t| class[t as usize]));
                let len = u32::try_from(sig_ids.len()).unwrap_or(u32::MAX);
                new_class[s] = *sig_ids.entry(sig).or_insert(len);
            }
            let before = class.iter().collect::<std::collections::BTreeSet<_>>().len();
            let after = sig_ids.len();
            class = new_class;
            if after == before {
                break;
            }
        }
        // Renumber breadth-first from the start state; the dead class keeps id 0.
        let mut rep: HashMap<u32, usize> = HashMap::new();
        for (s, c) in class.iter().enumerate() {
            rep.entry(*c).or_insert(s);
        }
        let mut order: Vec<u32> = vec![class[0]];
        let mut id_of: HashMap<u32, u32> = HashMap::from([(class[0], 0)]);
        let start_class = class[self.start as usize];
        if let std::collections::hash_map::Entry::Vacant(e) = id_of.entry(start_class) {
            e.insert(1);
            order.push(start_class);
        }
        let mut i = 0;
        while i < order.len() {
            for &t in &self.next[rep[&order[i]]] {
                let c = class[t as usize];
                if let std::collections::hash_map::Entry::Vacant(e) = id_of.entry(c) {
                    e.insert(u32::try_from(order.len()).unwrap_or(u32::MAX));
                    order.push(c);
                }
            }
            i += 1;
        }
        let next = order
            .iter()
            .map(|c| self.next[rep[c]].map(|t| id_of.get(&class[t as usize]).copied().unwrap_or(0)))
            .collect();
        let accept = order.iter().map(|c| self.accept[rep[c]]).collect();
        Dfa { next, accept, start: id_of[&class[self.start as usize]] }
    }

    /// Whether the whole of `digits` matches.
    #[cfg(test)]
    pub(crate) fn matches(&self, digits: &str) -> bool {
        let mut s = self.start;
        for b in digits.bytes() {
            s = self.next[s as usize][usize::from(b - b'0')];
        }
        self.accept[s as usize]
    }

    /// The lengths of the strings that match, as a bit set (bit `n` for length `n`, up to 31);
    /// `None` when some match is longer than 31 digits or the automaton has a cycle.
    pub(crate) fn match_lengths(&self) -> Option<u32> {
        // Breadth-first over the lengths: the set of states reachable with n digits.
        let mut states = vec![self.start];
        let mut mask = 0u32;
        for n in 0..32 {
            if states.iter().any(|&s| self.accept[s as usize]) {
                mask |= 1 << n;
            }
            let mut next: Vec<u32> =
                states.iter().flat_map(|&s| self.next[s as usize]).filter(|&t| t != 0).collect();
            next.sort_unstable();
            next.dedup();
            if next.is_empty() {
                return Some(mask);
            }
            states = next;
        }
        None
    }

    /// Whether some string starting with digit `d` matches.
    pub(crate) fn accepts_some_starting_with(&self, d: usize) -> bool {
        let mut seen = vec![false; self.next.len()];
        let mut stack = vec![self.next[self.start as usize][d]];
        while let Some(s) = stack.pop() {
            if s == 0 || seen[s as usize] {
                continue;
            }
            seen[s as usize] = true;
            if self.accept[s as usize] {
                return true;
            }
            stack.extend(self.next[s as usize]);
        }
        false
    }
}

// ---------------------------------------------------------------------------------------------
// Prefix matching with captures: instructions for a backtracking machine.

/// One instruction; the runtime crate has the same enum (`alexa_phone`'s `prefix.rs`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Inst {
    /// Consume one digit of the set.
    Digit(u16),
    /// Try the first target, then the second.
    Split(u16, u16),
    Jump(u16),
    /// Record the position in capture slot n.
    Save(u8),
    /// Assert the end of the input.
    End,
    Match,
}

/// Compiles a pattern for leftmost-first matches anchored at the start; returns the program and
/// the number of capturing groups.
pub(crate) fn program(pattern: &str) -> Result<(Vec<Inst>, u32)> {
    let (node, groups) = parse(pattern)?;
    if groups > 2 {
        return Err(err(format!("pattern `{pattern}`: more than two capturing groups")));
    }
    let mut out = Vec::new();
    emit(&node, &mut out)?;
    out.push(Inst::Match);
    if out.len() > usize::from(u16::MAX) {
        return Err(err(format!("pattern `{pattern}`: program too long")));
    }
    Ok((out, groups))
}

/// The digits a match of `prog` can start with (bit `d` for digit `d`); all ten when it can match
/// without reading a digit (or reach `$` first). The runtime crate tests the first digit against
/// this before running the program.
pub(crate) fn first_digits(prog: &[Inst]) -> u16 {
    // Programs never jump backwards, so this walk ends.
    fn walk(prog: &[Inst], pc: usize) -> u16 {
        match prog.get(pc) {
            Some(Inst::Digit(mask)) => *mask,
            Some(Inst::Split(a, b)) => walk(prog, usize::from(*a)) | walk(prog, usize::from(*b)),
            Some(Inst::Jump(a)) => walk(prog, usize::from(*a)),
            Some(Inst::Save(_)) => walk(prog, pc + 1),
            Some(Inst::End | Inst::Match) => ALL_DIGITS,
            None => 0,
        }
    }
    walk(prog, 0)
}

fn pc(out: &[Inst]) -> Result<u16> {
    u16::try_from(out.len()).map_err(|_| err("program too long"))
}

fn emit(node: &Node, out: &mut Vec<Inst>) -> Result<()> {
    match node {
        Node::Class(mask) => out.push(Inst::Digit(*mask)),
        Node::End => out.push(Inst::End),
        Node::Concat(items) => {
            for item in items {
                emit(item, out)?;
            }
        }
        Node::Group(capture, inner) => {
            if let Some(n) = capture {
                out.push(Inst::Save(u8::try_from(2 * n).map_err(|_| err("too many groups"))?));
            }
            emit(inner, out)?;
            if let Some(n) = capture {
                out.push(Inst::Save(u8::try_from(2 * n + 1).map_err(|_| err("too many groups"))?));
            }
        }
        Node::Alt(branches) => {
            let mut jumps = Vec::new();
            for (i, b) in branches.iter().enumerate() {
                if i + 1 < branches.len() {
                    let split = out.len();
                    out.push(Inst::Split(0, 0));
                    emit(b, out)?;
                    jumps.push(out.len());
                    out.push(Inst::Jump(0));
                    let after = pc(out)?;
                    out[split] = Inst::Split(u16::try_from(split + 1).unwrap_or(0), after);
                } else {
                    emit(b, out)?;
                }
            }
            let end = pc(out)?;
            for j in jumps {
                out[j] = Inst::Jump(end);
            }
        }
        Node::Repeat { node, min, max } => {
            for _ in 0..*min {
                emit(node, out)?;
            }
            match max {
                Some(max) => {
                    // Greedy optionals, nested: (x(x(x)?)?)? so that each later copy needs the
                    // earlier ones, as `x{0,3}` does.
                    let mut splits = Vec::new();
                    for _ in *min..*max {
                        splits.push(out.len());
                        out.push(Inst::Split(0, 0));
                        emit(node, out)?;
                    }
                    let end = pc(out)?;
                    for s in splits {
                        out[s] = Inst::Split(u16::try_from(s + 1).unwrap_or(0), end);
                    }
                }
                None => {
                    // The runtime machine relies on programs without backward jumps.
                    return Err(err("unbounded repetition in a prefix pattern"));
                }
            }
        }
    }
    Ok(())
}

/// Runs a program on `digits` (a reference implementation used to check the generated tables);
/// returns the match end and the capture slots.
#[cfg(test)]
fn run(prog: &[Inst], digits: &[u8]) -> Option<(usize, [Option<usize>; 6])> {
    let mut stack: Vec<(usize, usize, [Option<usize>; 6])> = vec![(0, 0, [None; 6])];
    while let Some((mut pc, mut pos, mut caps)) = stack.pop() {
        loop {
            match prog[pc] {
                Inst::Digit(mask) => {
                    if pos < digits.len() && mask & (1 << (digits[pos] - b'0')) != 0 {
                        pos += 1;
                        pc += 1;
                    } else {
                        break;
                    }
                }
                Inst::Split(a, b) => {
                    stack.push((usize::from(b), pos, caps));
                    pc = usize::from(a);
                }
                Inst::Jump(a) => pc = usize::from(a),
                Inst::Save(slot) => {
                    caps[usize::from(slot)] = Some(pos);
                    pc += 1;
                }
                Inst::End => {
                    if pos == digits.len() {
                        pc += 1;
                    } else {
                        break;
                    }
                }
                Inst::Match => return Some((pos, caps)),
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dfa_matches_whole_strings() {
        let dfa = Dfa::new(r"[2-9]\d{9}|3\d{6}").unwrap();
        assert!(dfa.matches("2015550123"));
        assert!(dfa.matches("3123456"));
        assert!(!dfa.matches("1015550123"));
        assert!(!dfa.matches("20155501234"));
        assert!(!dfa.matches(""));
        let dfa = Dfa::new(r"0\d{5,10}|3(?:[0-8]\d{7,10}|9(?:[0-8]\d{6,9}|9\d{6,8}))").unwrap();
        assert!(dfa.matches("0612345678"));
        assert!(dfa.accepts_some_starting_with(0));
        assert!(!dfa.accepts_some_starting_with(1));
    }

    #[test]
    fn dfa_is_minimal_for_lengths() {
        // \d{3,5}: states for 0..=5 digits read, plus the dead state.
        let dfa = Dfa::new(r"\d{3,5}").unwrap();
        assert_eq!(dfa.next.len(), 7);
        assert_eq!(dfa.match_lengths(), Some(0b111000));
        assert_eq!(
            Dfa::new(r"1\d{9}|2\d{6}(?:\d{2})?").unwrap().match_lengths(),
            Some(1 << 7 | 1 << 9 | 1 << 10)
        );
    }

    #[test]
    fn program_is_leftmost_first_with_captures() {
        let (prog, groups) = program(r"0(8(?:[1-46-8]|5\d\d))?").unwrap();
        assert_eq!(groups, 1);
        let (end, caps) = run(&prog, b"0812345").unwrap();
        assert_eq!(end, 3);
        assert_eq!((caps[2], caps[3]), (Some(1), Some(3)));
        let (end, caps) = run(&prog, b"0212345").unwrap();
        assert_eq!((end, caps[2]), (1, None));
        assert!(run(&prog, b"212345").is_none());
        let (prog, _) = program(r"([24-9]\d{6})$|0").unwrap();
        assert_eq!(run(&prog, b"2345678").map(|r| r.0), Some(7));
        assert_eq!(run(&prog, b"02345678").map(|r| r.0), Some(1));
        assert!(run(&prog, b"23456789").is_none());
        assert!(program("1*").is_err());
        let (prog, _) = program(r"0?(?:(11)15)?").unwrap();
        assert_eq!(run(&prog, b"91123").map(|r| r.0), Some(0));
        assert_eq!(run(&prog, b"0111512").map(|r| r.0), Some(5));
    }

    #[test]
    fn first_digits_of_programs() {
        let first = |p: &str| first_digits(&program(p).unwrap().0);
        assert_eq!(first("0"), 0b1);
        assert_eq!(first("011|8(?:10)?"), 0b1_0000_0001);
        assert_eq!(first(r"0(8(?:[1-46-8]|5\d\d))?"), 0b1);
        assert_eq!(first(r"([24-9]\d{6})$|0"), 0b11_1111_0101);
        // Matches the empty string: any first digit.
        assert_eq!(first(r"0?(?:(11)15)?"), ALL_DIGITS);
        assert_eq!(first_digits(&[]), 0);
        // The mask agrees with the machine on every first digit.
        for d in 0..10u8 {
            let (prog, _) = program(r"[13]\d|5").unwrap();
            let input = [b'0' + d, b'0'];
            assert_eq!(run(&prog, &input).is_some(), first_digits(&prog) >> d & 1 == 1);
        }
    }

    #[test]
    fn rejects_unsupported_syntax() {
        assert!(parse("a").is_err());
        assert!(parse(r"\w").is_err());
        assert!(parse("(?=1)").is_err());
        assert!(parse("(1").is_err());
        assert!(parse("1)").is_err());
    }
}
