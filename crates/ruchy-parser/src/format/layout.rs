//! The token-stream printer: re-indents lines and normalises spacing, keeping every token and comment.

use super::spacing::{
    continues_line, ends_operand, leaves_open, space_between, starts_operand, Near, OpMode,
};
use super::trivia::{scan_gap, Piece};
use crate::token::{Tok, Token};

/// Layout choices that are tried first and dropped if the safety net rejects them.
#[derive(Clone, Copy, Debug)]
pub struct Options<'a> {
    /// Move a `{` that starts a line up to the end of the previous line.
    pub join_braces: bool,
    /// The sorted offsets of the `{` that open a construct's body (`if c` ⏎ `{`): these
    /// join whatever token ends the header.
    pub body_braces: &'a [u32],
}

enum Kind<'a> {
    Tok(&'a Token),
    Com(Piece),
}

struct Elem<'a> {
    kind: Kind<'a>,
    /// Line breaks before the element.
    nl: usize,
    /// Whether the source had whitespace right before it.
    ws: bool,
}

fn elements<'a>(src: &str, tokens: &'a [Token]) -> Vec<Elem<'a>> {
    let mut out = Vec::new();
    let mut prev = 0usize;
    let push_gap = |out: &mut Vec<Elem<'a>>, gap: &str| {
        let g = scan_gap(gap);
        for (nl, p) in g.pieces {
            out.push(Elem {
                kind: Kind::Com(p),
                nl,
                ws: true,
            });
        }
        g.trailing_newlines
    };
    for t in tokens {
        if matches!(t.tok, Tok::Eof) {
            break;
        }
        let start = (t.span.start as usize).max(prev);
        let gap = src.get(prev..start).unwrap_or("");
        let nl = push_gap(&mut out, gap);
        let ws = gap.chars().last().is_some_and(char::is_whitespace);
        out.push(Elem {
            kind: Kind::Tok(t),
            nl,
            ws,
        });
        prev = prev.max(t.span.end as usize);
    }
    let tail = src.get(prev..).unwrap_or("");
    push_gap(&mut out, tail);
    out
}

fn tok_of<'a>(e: &Elem<'a>) -> Option<&'a Tok> {
    match &e.kind {
        Kind::Tok(t) => Some(&t.tok),
        Kind::Com(_) => None,
    }
}

/// Force a line break before element `i` unless it is a comment trailing on the same line.
fn force_break(els: &mut [Elem], i: usize) {
    if let Some(e) = els.get_mut(i) {
        if e.nl == 0 && !matches!(e.kind, Kind::Com(Piece::Line(_))) {
            e.nl = 1;
        }
    }
}

/// One statement per line: split `a; b` and expand the braces around such statements.
fn split_statements(els: &mut [Elem]) {
    // (index of the opener, expand?, is a `match` body?)
    let mut stack: Vec<(usize, bool, bool)> = Vec::new();
    let mut pending: Vec<usize> = Vec::new();
    let mut semis: Vec<usize> = Vec::new();
    // bracket depths of `match` keywords whose body `{` has not come yet
    let mut matches_open: Vec<usize> = Vec::new();
    for i in 0..els.len() {
        let Some(t) = tok_of(&els[i]) else { continue };
        match t {
            Tok::Match => matches_open.push(stack.len()),
            Tok::LBrace => {
                let body = matches_open.last() == Some(&stack.len());
                if body {
                    matches_open.pop();
                }
                stack.push((i, false, body));
            }
            Tok::LParen | Tok::LBracket => stack.push((i, false, false)),
            Tok::RParen | Tok::RBracket => {
                stack.pop();
            }
            Tok::RBrace => {
                // (a block spanning lines is expanded by `expand_spanning_braces`)
                if let Some((open, true, _)) = stack.pop() {
                    pending.push(open);
                    pending.push(i);
                }
                // a block arm body followed by the next arm on its line: `{ "a" } 2 => …`
                if let Some((_, _, true)) = stack.last() {
                    let next = els[i + 1..]
                        .iter()
                        .find(|e| !matches!(e.kind, Kind::Com(_)) || e.nl > 0);
                    // (what may begin a pattern, with its `=>` before the arm would end)
                    let next_arm = next.is_some_and(|e| {
                        e.nl == 0
                            && crate::token::arrow_before_arm_end(
                                els[i + 1..].iter().filter_map(tok_of),
                            )
                            && matches!(
                                tok_of(e),
                                Some(
                                    Tok::Int(_)
                                        | Tok::Float(_)
                                        | Tok::Str(_)
                                        | Tok::Ident(_)
                                        | Tok::LParen
                                        | Tok::LBracket
                                        | Tok::Minus
                                        | Tok::True
                                        | Tok::False
                                        | Tok::Nil
                                        | Tok::SelfType
                                )
                            )
                    });
                    if next_arm {
                        semis.push(i);
                        expand_enclosing(&mut stack, els);
                    }
                }
            }
            Tok::Semi | Tok::Comma => {
                let next_same_line = els[i + 1..]
                    .iter()
                    .find(|e| !matches!(e.kind, Kind::Com(_)) || e.nl > 0)
                    .is_some_and(|e| e.nl == 0 && !matches!(tok_of(e), Some(Tok::RBrace)));
                // `;` between statements, `,` between the arms of a `match`
                let splits = match (t, stack.last()) {
                    (Tok::Semi, None) => true,
                    (Tok::Semi, Some((o, _, _))) => matches!(tok_of(&els[*o]), Some(Tok::LBrace)),
                    (_, Some((_, _, body))) => *body,
                    _ => false,
                };
                if next_same_line && splits {
                    semis.push(i);
                    expand_enclosing(&mut stack, els);
                }
            }
            _ => {}
        }
    }
    for s in semis {
        force_break(els, s + 1);
    }
    for p in pending {
        if matches!(tok_of(&els[p]), Some(Tok::LBrace)) {
            force_break(els, p + 1);
        } else {
            force_break(els, p);
        }
    }
    expand_spanning_braces(els);
}

/// Expand the innermost open block and the blocks around it up to the nearest `(` / `[`.
fn expand_enclosing(stack: &mut [(usize, bool, bool)], els: &[Elem]) {
    for (o, expand, _) in stack.iter_mut().rev() {
        if !matches!(tok_of(&els[*o]), Some(Tok::LBrace)) {
            break;
        }
        *expand = true;
    }
}

/// A `{ … }` whose inside now spans lines (a `match` in a `[…]` that was just expanded)
/// opens and closes on lines of its own, as the next run would make it: formatting twice
/// changes nothing. Inner blocks close first, so one pass in order sees their breaks.
fn expand_spanning_braces(els: &mut [Elem]) {
    let mut open: Vec<usize> = Vec::new();
    for i in 0..els.len() {
        match tok_of(&els[i]) {
            Some(Tok::LBrace) => open.push(i),
            Some(Tok::RBrace) => {
                if let Some(o) = open.pop() {
                    if els[o + 1..=i].iter().any(|e| e.nl > 0) {
                        force_break(els, o + 1);
                        force_break(els, i);
                    }
                }
            }
            _ => {}
        }
    }
}

/// `}` ⏎ `else` becomes `} else`; optionally a lone `{` joins the previous line.
fn join_lines(els: &mut [Elem], opts: Options) {
    // for each `}`, whether its block spans several lines
    let mut multi = vec![false; els.len()];
    let mut opened: Vec<usize> = Vec::new();
    let mut line = 0usize;
    for (i, e) in els.iter().enumerate() {
        if e.nl > 0 {
            line += 1;
        }
        match tok_of(e) {
            Some(Tok::LBrace | Tok::LParen | Tok::LBracket) => opened.push(line),
            Some(Tok::RBrace | Tok::RParen | Tok::RBracket) => {
                multi[i] = opened.pop().is_some_and(|l| l != line);
            }
            _ => {}
        }
    }
    for i in 1..els.len() {
        if els[i].nl == 0 {
            continue;
        }
        let (Some(prev), Some(cur)) = (tok_of(&els[i - 1]), tok_of(&els[i])) else {
            continue;
        };
        let join = match cur {
            Tok::Else | Tok::Catch | Tok::Finally => matches!(prev, Tok::RBrace) && multi[i - 1],
            Tok::LBrace => {
                let body = matches!(els[i].kind, Kind::Tok(t)
                    if opts.body_braces.binary_search(&t.span.start).is_ok());
                opts.join_braces
                    && (body
                        || matches!(
                            prev,
                            Tok::RParen
                                | Tok::Ident(_)
                                | Tok::Else
                                | Tok::Try
                                | Tok::Loop
                                | Tok::Finally
                                | Tok::Catch
                                | Tok::SelfType
                                | Tok::Gt
                        ))
            }
            _ => false,
        };
        if join {
            els[i].nl = 0;
        }
    }
}

/// Print the token stream of `src` in canonical layout.
/// `binary_angles`: the sorted offsets of the `<`, `>`, `<<` and `>>` tokens that are
/// operators (not type brackets), which get spaces like any binary operator.
pub fn layout(src: &str, tokens: &[Token], binary_angles: &[u32], opts: Options) -> String {
    let mut els = elements(src, tokens);
    split_statements(&mut els);
    join_lines(&mut els, opts);
    let mut p = Printer {
        binary_angles,
        ..Printer::default()
    };
    // for each element, the first token after it (comments skipped), found backwards once
    let mut next_token = vec![None; els.len()];
    for i in (0..els.len().saturating_sub(1)).rev() {
        next_token[i] = match tok_of(&els[i + 1]) {
            Some(_) => Some(i + 1),
            None => next_token[i + 1],
        };
    }
    for (i, e) in els.iter().enumerate() {
        let next = els
            .get(i + 1)
            .and_then(|n| tok_of(n).map(|t| (t, !n.ws, n.nl == 0)));
        p.star_continues = e.nl > 0 && matches!(tok_of(e), Some(Tok::Star | Tok::StarStar)) && {
            // as in the parser: a line starting with `*` continues the previous line's
            // expression unless it assigns (`*m.entry(k).or_insert(0) += 1`)
            let line = els[i + 1..].iter().take_while(|n| n.nl == 0);
            !line.filter_map(tok_of).any(Tok::is_assignment)
        };
        // a comment line inside a continued expression (before `.map(…)`) is indented
        // like the line it precedes
        p.comment_continues = e.nl > 0
            && matches!(e.kind, Kind::Com(_))
            && next_token[i]
                .map(|n| &els[n])
                .and_then(|n| tok_of(n).filter(|_| n.nl > 0))
                .is_some_and(continues_line);
        p.elem(src, e, next);
    }
    p.finish()
}

static EOF: Tok = Tok::Eof;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Open {
    Paren,
    Brace,
    /// `use a::{b, c}`: printed without inner spaces.
    Group,
}

#[derive(Default)]
struct Printer<'a> {
    out: String,
    line: String,
    indent: usize,
    /// The indentation a bracket opened on this line takes: the line's own, or that of a
    /// bracket closed earlier on the line (`b) {` ends a parameter list begun above).
    line_indent: usize,
    /// Open brackets with the indentation of the line that opened them.
    stack: Vec<usize>,
    /// What each open bracket is.
    braces: Vec<Open>,
    last: Option<&'a Tok>,
    mode: OpMode,
    after_comment: bool,
    /// Bracket depths of the ternary `?`s waiting for their `:`.
    ternaries: Vec<usize>,
    /// Inside a closure's `|…|` parameter list.
    in_params: bool,
    started: bool,
    /// The current element is a `*` that continues the previous line (a product).
    star_continues: bool,
    /// Offsets of the angle tokens the parser read as binary operators, sorted.
    binary_angles: &'a [u32],
    /// The current element is a comment line before a line that continues an expression.
    comment_continues: bool,
    /// Bracket depths of the `match`es whose body `{` has not come yet.
    matches_open: Vec<usize>,
    /// Per open bracket: whether it is a `match` body (its lines start arms).
    match_bodies: Vec<bool>,
}

impl<'a> Printer<'a> {
    fn flush(&mut self) {
        let text = self.line.trim_end();
        if !text.is_empty() {
            for _ in 0..self.indent {
                self.out.push_str("    ");
            }
            self.out.push_str(text);
        }
        self.out.push('\n');
        self.line.clear();
    }

    fn stack_top_is_brace(&self) -> bool {
        self.braces.last().is_none_or(|b| *b == Open::Brace)
    }

    fn new_line(&mut self, nl: usize, tok: Option<&Tok>) {
        if self.started {
            self.flush();
            if nl >= 2 {
                self.out.push('\n');
            }
        }
        self.started = true;
        let base = self.stack.last().map_or(0, |i| i + 1);
        self.indent = match tok {
            Some(Tok::RParen | Tok::RBracket | Tok::RBrace) => {
                self.stack.last().copied().unwrap_or(0)
            }
            Some(t) if continues_line(t) || self.star_continues => base + 1,
            None if self.comment_continues => base + 1,
            _ if self.last.is_some_and(leaves_open) => base + 1,
            _ => base,
        };
        self.line_indent = self.indent;
    }

    fn elem(&mut self, src: &str, e: &Elem<'a>, next: Option<(&Tok, bool, bool)>) {
        let tok = tok_of(e);
        let fresh = e.nl > 0 || !self.started;
        if fresh {
            self.new_line(e.nl, tok);
        }
        match &e.kind {
            Kind::Com(p) => {
                let (space, text) = match p {
                    Piece::Line(s) => (true, s),
                    Piece::Inline(s) => (e.ws, s),
                };
                if !fresh && space {
                    self.line.push(' ');
                }
                self.line.push_str(text);
                self.after_comment = true;
            }
            Kind::Tok(t) => {
                // a line that starts a statement starts an expression: `-1` is unary there
                // (a `|` after an operand is a pattern's next alternative: `1` ⏎ `| 2 =>`)
                let alternative = matches!(t.tok, Tok::Pipe)
                    && self.last.is_some_and(ends_operand)
                    && self.match_bodies.last() == Some(&true);
                let stmt_start = fresh
                    && self.stack_top_is_brace()
                    && !continues_line(&t.tok)
                    && !self.star_continues
                    && !alternative;
                let a = if stmt_start {
                    &EOF
                } else {
                    self.last.unwrap_or(&EOF)
                };
                let near = Near {
                    prev: a,
                    cur: &t.tok,
                    next: next.map(|n| n.0),
                    in_params: self.in_params,
                    next_tight: next.is_some_and(|n| n.1 && e.nl == 0),
                    binary: self.binary_angles.binary_search(&t.span.start).is_ok(),
                };
                let (mut space, mut mode) = space_between(near, self.mode, e.ws);
                match t.tok {
                    Tok::Question if next.is_some_and(|n| n.2 && starts_operand(n.0)) => {
                        self.ternaries.push(self.stack.len());
                        (space, mode) = (true, OpMode::Binary);
                    }
                    Tok::Colon if self.ternaries.last() == Some(&self.stack.len()) => {
                        self.ternaries.pop();
                        (space, mode) = (true, OpMode::Binary);
                    }
                    _ => {}
                }
                if matches!(t.tok, Tok::Pipe) && (self.in_params || mode == OpMode::Unary) {
                    self.in_params = !self.in_params;
                }
                let in_group = self.braces.last() == Some(&Open::Group)
                    && (matches!(a, Tok::LBrace) || matches!(t.tok, Tok::RBrace));
                let space = if self.after_comment {
                    e.ws
                } else {
                    space && !in_group
                };
                if !fresh && space {
                    self.line.push(' ');
                }
                self.line.push_str(src.get(t.span.range()).unwrap_or(""));
                self.mode = mode;
                self.after_comment = false;
                match t.tok {
                    Tok::Match => self.matches_open.push(self.braces.len()),
                    Tok::LParen | Tok::LBracket | Tok::LBrace => {
                        let body = t.tok == Tok::LBrace
                            && self.matches_open.last() == Some(&self.braces.len());
                        if body {
                            self.matches_open.pop();
                        }
                        self.match_bodies.push(body);
                        self.stack.push(self.line_indent);
                        self.braces.push(match t.tok {
                            Tok::LBrace if matches!(self.last, Some(Tok::ColonColon)) => {
                                Open::Group
                            }
                            Tok::LBrace => Open::Brace,
                            _ => Open::Paren,
                        });
                    }
                    Tok::RParen | Tok::RBracket | Tok::RBrace => {
                        if let Some(open) = self.stack.pop() {
                            self.line_indent = self.line_indent.min(open);
                        }
                        self.braces.pop();
                        self.match_bodies.pop();
                    }
                    _ => {}
                }
                self.last = Some(&t.tok);
            }
        }
    }

    fn finish(mut self) -> String {
        if self.started {
            self.flush();
        }
        while self.out.ends_with("\n\n") {
            self.out.pop();
        }
        self.out
    }
}
