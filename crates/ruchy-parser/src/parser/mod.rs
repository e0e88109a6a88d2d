//! The parser core: token cursor, line-break modes, error recording and entry points.

mod expr;
mod items;
mod pattern;
mod stmt;
mod types;

use crate::ast::{Expr, Program};
use crate::diag::Diagnostic;
use crate::lexer::lex;
use crate::span::Span;
use crate::token::{Tok, Token};

/// A parse always yields a tree; `errors` lists what went wrong (empty on success).
#[derive(Debug)]
pub struct ParseResult {
    pub program: Program,
    pub errors: Vec<Diagnostic>,
    /// Offsets of `>>` / `>=` tokens whose first `>` closed type arguments
    /// (`Option<i32>=None`): the formatter prints them as two tokens.
    pub angle_splits: Vec<u32>,
    /// Offsets of the `<`, `>`, `<<` and `>>` tokens read as binary operators (the
    /// formatter cannot tell `a<b` from type brackets by the tokens alone).
    pub binary_angles: Vec<u32>,
    /// Offsets of the `{` tokens that open the body of a construct (`if`, loops, `fun`,
    /// `match`, closures…), which the formatter puts at the end of the header's line.
    pub body_braces: Vec<u32>,
}

impl ParseResult {
    /// True when the only problem is that the input ended too early (the REPL reads more).
    pub fn is_incomplete(&self) -> bool {
        !self.errors.is_empty() && self.errors.iter().any(|e| e.incomplete)
    }
}

/// The REPL's rule for reading another line (§16.2): the input does not parse, and brackets
/// `(` `[` `{` are open, a string, f-string or block comment is unterminated, or the last
/// token is a binary operator, `=` (or `+=` …), `=>`, `,` or the `|` ending `|…|`.
pub fn input_is_incomplete(src: &str) -> bool {
    if parse(src).errors.is_empty() {
        return false;
    }
    let (toks, lex_errors) = crate::lexer::lex(src, 0);
    // (a character no token starts with is an error no further line can mend)
    if lex_errors.iter().any(|d| !d.incomplete) {
        return false;
    }
    if lex_errors.iter().any(|d| d.incomplete) {
        return true;
    }
    let depth = toks.iter().fold(0i64, |d, t| match t.tok {
        Tok::LParen | Tok::LBracket | Tok::LBrace => d + 1,
        Tok::RParen | Tok::RBracket | Tok::RBrace => d - 1,
        _ => d,
    });
    let last = toks.iter().rev().find(|t| t.tok != Tok::Eof);
    depth > 0
        || last.is_some_and(|t| {
            expr::is_binary_operator(&t.tok) || matches!(t.tok, Tok::FatArrow | Tok::Comma)
        })
}

/// Parse a whole program.
pub fn parse(src: &str) -> ParseResult {
    let (toks, mut errors) = lex(src, 0);
    let mut p = Parser::new(toks);
    let program = p.program();
    // an unexpected end of input comes after every lexical error (an invalid character
    // before the end is the cause, and is reported first)
    let lexed = errors.len();
    errors.append(&mut p.errors);
    let key = |i: usize, e: &Diagnostic| match i >= lexed && e.incomplete {
        true => usize::MAX,
        false => e.span.start as usize,
    };
    let mut keyed: Vec<(usize, Diagnostic)> = errors
        .into_iter()
        .enumerate()
        .map(|(i, e)| (key(i, &e), e))
        .collect();
    crate::sort::sort_by_key(&mut keyed, |k| k.0);
    let errors = keyed.into_iter().map(|k| k.1).collect();
    ParseResult {
        program,
        errors,
        angle_splits: p.angle_splits,
        binary_angles: p.binary_angles,
        body_braces: p.body_braces,
    }
}

/// Parse a single expression (used for f-string parts and REPL commands like `:type`).
pub fn parse_expr_source(src: &str, base: u32) -> (Expr, Vec<Diagnostic>) {
    let (toks, mut errors) = lex(src, base);
    let mut p = Parser::new(toks);
    p.nl_sensitive = false;
    let e = p.expr().unwrap_or(Expr {
        kind: crate::ast::ExprKind::Error,
        span: crate::span::Span::new(base as usize, base as usize + src.len()),
    });
    if !p.at(&Tok::Eof) {
        let t = p.cur().clone();
        p.error_at(&t, format!("Unexpected {}", t.tok.unexpected()));
    }
    errors.append(&mut p.errors);
    (e, errors)
}

/// Nesting deeper than this is reported instead of risking the native stack. In the browser,
/// the engine's own stack (about 1 MB in V8) holds the parser's frames.
#[cfg(not(target_arch = "wasm32"))]
const MAX_DEPTH: u32 = 400;
#[cfg(target_arch = "wasm32")]
const MAX_DEPTH: u32 = 150;

/// Operators, calls, fields and indexes applied one after another (`1 + 1 + …`, `a.b().c()…`)
/// build a tree as deep as the chain is long, which the later stages walk recursively. The
/// native interpreter runs on a large stack; the browser's is about 1 MB.
#[cfg(not(target_arch = "wasm32"))]
const MAX_SPINE: u32 = 400_000;
#[cfg(target_arch = "wasm32")]
const MAX_SPINE: u32 = 1_000;

pub(crate) type PResult<T> = Result<T, ()>;

pub(crate) struct Parser {
    toks: Vec<Token>,
    pos: usize,
    pub(crate) errors: Vec<Diagnostic>,
    /// Statement level: a line break may end an expression.
    nl_sensitive: bool,
    /// In an `if`/`while`/`for`/`match` header: `Name {` is not a struct literal.
    no_struct: bool,
    depth: u32,
    /// Length of the operator chains being parsed along the current path (see `MAX_SPINE`).
    spine: u32,
    /// The next expression starts a statement: a block-like one is not continued by a
    /// `(` or `[` (§3.1).
    stmt_start: bool,
    /// Set just before a match arm's body: a block-like body is not continued by `(`, `[`
    /// or `-`, which may begin the next arm (`0 => { "zero" } -1 => …` is two arms).
    arm_start: bool,
    /// The span of the last parenthesised expression `( e )` (the pipeline's right side
    /// `x |> (f(1))` calls the function `f(1)` returns instead of inserting `x`).
    last_paren: Option<Span>,
    /// Parsing the type of `e as T`: a `<` after it is the comparison (`n as f64 < 1.0`),
    /// since cast targets are plain names (§7.6).
    cast_type: bool,
    angle_splits: Vec<u32>,
    binary_angles: Vec<u32>,
    body_braces: Vec<u32>,
}

impl Parser {
    fn new(toks: Vec<Token>) -> Parser {
        Parser {
            toks,
            pos: 0,
            errors: Vec::new(),
            nl_sensitive: true,
            no_struct: false,
            depth: 0,
            spine: 0,
            stmt_start: false,
            arm_start: false,
            last_paren: None,
            cast_type: false,
            angle_splits: Vec::new(),
            binary_angles: Vec::new(),
            body_braces: Vec::new(),
        }
    }

    fn cur(&self) -> &Token {
        &self.toks[self.pos.min(self.toks.len() - 1)]
    }

    fn peek(&self) -> &Tok {
        &self.cur().tok
    }

    fn nth(&self, n: usize) -> &Token {
        &self.toks[(self.pos + n).min(self.toks.len() - 1)]
    }

    fn at(&self, t: &Tok) -> bool {
        self.peek() == t
    }

    /// Span of the previous token.
    fn prev_span(&self) -> Span {
        self.toks[self.pos.saturating_sub(1)].span
    }

    fn bump(&mut self) -> Token {
        let t = self.cur().clone();
        if self.pos < self.toks.len() - 1 {
            self.pos += 1;
        }
        t
    }

    fn eat(&mut self, t: &Tok) -> bool {
        if self.at(t) {
            self.bump();
            true
        } else {
            false
        }
    }

    fn error_at(&mut self, tok: &Token, msg: impl Into<String>) {
        let mut d = Diagnostic::syntax(tok.span, msg);
        d.incomplete = tok.tok == Tok::Eof;
        self.errors.push(d);
    }

    fn error_here(&mut self, msg: impl Into<String>) -> PResult<()> {
        let t = self.cur().clone();
        self.error_at(&t, msg);
        Err(())
    }

    fn expect(&mut self, t: &Tok) -> PResult<Span> {
        if self.at(t) {
            Ok(self.bump().span)
        } else {
            let found = self.cur().clone();
            let msg = format!("Expected '{}' but found {}", t.text(), found.tok.quoted());
            let mut d =
                Diagnostic::syntax(found.span, msg).with_label(format!("expected '{}'", t.text()));
            d.incomplete = found.tok == Tok::Eof;
            self.errors.push(d);
            Err(())
        }
    }

    fn ident(&mut self, what: &str) -> PResult<crate::ast::Ident> {
        match self.peek().clone() {
            // §2.2: `Some None Ok Err` are keywords (an enum may still name its variants so)
            Tok::Ident(name)
                if matches!(name.as_str(), "Some" | "None" | "Ok" | "Err")
                    && what != "a variant name" =>
            {
                let msg = format!("Expected {what} but found '{name}', which is a keyword");
                self.error_here(msg)?;
                Err(())
            }
            Tok::Ident(name) => {
                let span = self.bump().span;
                Ok(crate::ast::Ident { name, span })
            }
            Tok::Reserved(w) => {
                let msg = format!("Expected {what} but found '{w}', which is a reserved word");
                self.error_here(msg)?;
                Err(())
            }
            other if other.is_keyword() => {
                let msg = format!(
                    "Expected {what} but found {}, which is a keyword",
                    other.quoted()
                );
                self.error_here(msg)?;
                Err(())
            }
            other => {
                let msg = format!("Expected {what} but found {}", other.quoted());
                self.error_here(msg)?;
                Err(())
            }
        }
    }

    /// A name after `::` or `.`: reserved words are allowed there (`String::from`).
    fn member_name(&mut self, what: &str) -> PResult<crate::ast::Ident> {
        let name = match self.peek() {
            Tok::Reserved(w) => w.to_string(),
            // (`Option::Some`, `E::None`: the keywords name variants)
            Tok::Ident(n) => n.clone(),
            _ => return self.ident(what),
        };
        let span = self.bump().span;
        Ok(crate::ast::Ident { name, span })
    }

    /// Run `f` with the given line-break mode, restoring the previous one afterwards.
    fn with_mode<T>(
        &mut self,
        nl_sensitive: bool,
        no_struct: bool,
        f: impl FnOnce(&mut Parser) -> T,
    ) -> T {
        let saved = (self.nl_sensitive, self.no_struct);
        self.nl_sensitive = nl_sensitive;
        self.no_struct = no_struct;
        let r = f(self);
        self.nl_sensitive = saved.0;
        self.no_struct = saved.1;
        r
    }

    fn enter(&mut self) -> PResult<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            let t = self.cur().clone();
            self.error_at(&t, "Program is nested too deeply");
            self.depth -= 1;
            return Err(());
        }
        Ok(())
    }

    fn leave(&mut self) {
        self.depth -= 1;
    }

    /// One more link in an operator chain (undone by the caller when the chain ends).
    fn grow_spine(&mut self) -> PResult<()> {
        if self.spine >= MAX_SPINE {
            let t = self.cur().clone();
            self.error_at(
                &t,
                "Expression is nested too deeply (too many operators or calls in a row)",
            );
            return Err(());
        }
        self.spine += 1;
        Ok(())
    }

    /// Skip to a likely statement boundary after an error.
    fn recover(&mut self) {
        let mut depth = 0i32;
        loop {
            let t = self.cur();
            match t.tok {
                Tok::Eof => return,
                Tok::Semi if depth <= 0 => {
                    self.bump();
                    return;
                }
                Tok::RBrace if depth <= 0 => return,
                _ if depth <= 0 && t.nl_before => return,
                Tok::LParen | Tok::LBracket | Tok::LBrace => depth += 1,
                Tok::RParen | Tok::RBracket | Tok::RBrace => depth -= 1,
                _ => {}
            }
            self.bump();
        }
    }

    fn program(&mut self) -> Program {
        let mut stmts = Vec::new();
        loop {
            while self.eat(&Tok::Semi) {}
            if self.at(&Tok::Eof) {
                break;
            }
            if self.at(&Tok::RBrace) {
                let t = self.bump();
                self.error_at(&t, "Unexpected '}'");
                continue;
            }
            let before = self.pos;
            match self.stmt() {
                Ok(s) => {
                    stmts.push(s);
                    if self.end_of_stmt().is_err() {
                        self.recover();
                    }
                }
                Err(()) => self.recover(),
            }
            if self.pos == before {
                // no progress: drop the token so the loop always ends
                self.bump();
            }
        }
        Program { stmts }
    }
}
