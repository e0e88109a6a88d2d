//! Whether two neighbouring tokens on one line are separated by a space.

use crate::token::Tok;

/// How an operator token was spaced, which decides the space after it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum OpMode {
    /// Not an operator with a spacing rule: the next token keeps its own rule.
    #[default]
    None,
    /// A binary operator: a space on both sides.
    Binary,
    /// A prefix operator: no space after it.
    Unary,
    /// Ambiguous: the next token keeps the source's spacing.
    Keep,
}

/// Tokens after which `-`, `&`, `&&`, `||` are binary operators.
pub fn ends_operand(t: &Tok) -> bool {
    matches!(
        t,
        Tok::Int(_)
            | Tok::Float(_)
            | Tok::Str(_)
            | Tok::FStr(_)
            | Tok::Ident(_)
            | Tok::SelfValue
            | Tok::SelfType
            | Tok::True
            | Tok::False
            | Tok::Nil
            | Tok::RParen
            | Tok::RBracket
    )
}

/// Operators that are always binary (or `=`-like) and get a space on both sides.
fn always_binary(t: &Tok) -> bool {
    matches!(
        t,
        Tok::EqEq
            | Tok::Ne
            | Tok::Le
            | Tok::Ge
            | Tok::Plus
            | Tok::Slash
            | Tok::Percent
            | Tok::Caret
            | Tok::QuestionQuestion
            | Tok::PipeGt
            | Tok::FatArrow
            | Tok::Arrow
    ) || t.is_assignment()
}

fn is_angle(t: &Tok) -> bool {
    matches!(t, Tok::Lt | Tok::Gt | Tok::Shl | Tok::Shr)
}

/// Decide the space before `b` (previous token `a`, spaced per `a_mode`; `ws` is whether the
/// source had whitespace there) and the mode `b` itself gets.
pub fn space_between(n: Near, a_mode: OpMode, ws: bool) -> (bool, OpMode) {
    let (a, b) = (n.prev, n.cur);
    let b_mode = mode_of(n, ws);
    if matches!(b, Tok::Pipe) && n.in_params {
        // the `|` closing a closure's parameters: tight before, a space after (but `| |`
        // keeps its space: `||` would be another token)
        return (matches!(a, Tok::Pipe), OpMode::Binary);
    }
    let space = match (a, b) {
        (_, Tok::Comma | Tok::Semi) => false,
        (Tok::Comma, _) => !matches!(b, Tok::RParen | Tok::RBracket),
        (Tok::LParen | Tok::LBracket, _) => false,
        (Tok::ColonColon, _) | (_, Tok::ColonColon) => false,
        (Tok::Semi, _) | (_, Tok::At) => true,
        (Tok::RBrace, Tok::Else | Tok::Catch | Tok::Finally) => true,
        (Tok::Ident(m), Tok::Pipe) if m == "move" => true,
        (
            Tok::If
            | Tok::Else
            | Tok::While
            | Tok::For
            | Tok::In
            | Tok::Match
            | Tok::Return
            | Tok::Catch
            | Tok::Finally
            | Tok::Let
            | Tok::Var
            | Tok::Const
            | Tok::Throw
            | Tok::Loop
            | Tok::Try,
            _,
        ) => true,
        (_, Tok::RParen | Tok::RBracket) => false,
        (Tok::LBrace, Tok::RBrace) => false,
        (Tok::LBrace, _) | (_, Tok::RBrace) => true,
        (Tok::Bang, Tok::LBrace) => ws,
        (_, Tok::LBrace) => true,
        (Tok::Dot, _) | (_, Tok::Dot) => false,
        // (a ternary's `:` and `?` are spaced by the printer, which knows them)
        (_, Tok::Colon | Tok::Question) => false,
        (Tok::DotDot | Tok::DotDotEq, _) | (_, Tok::DotDot | Tok::DotDotEq) => false,
        (Tok::Colon, _) => true,
        (Tok::Bang | Tok::Tilde, _) => false,
        (Tok::Ident(_), Tok::Bang) => false,
        (
            Tok::Ident(_) | Tok::RParen | Tok::RBracket | Tok::SelfType | Tok::SelfValue,
            Tok::LParen | Tok::LBracket,
        ) => false,
        _ => match a_mode {
            OpMode::Binary => true,
            OpMode::Unary => false,
            // (`Option<i32>=None`: an assignment after a type's closing `>` is spaced)
            OpMode::Keep => ws || always_binary(b),
            OpMode::None => match b_mode {
                OpMode::Binary => true,
                OpMode::Unary | OpMode::Keep | OpMode::None => ws,
            },
        },
    };
    (space, b_mode)
}

/// The tokens around a space: before, at, after; and whether a closure's `|…|` is open.
#[derive(Clone, Copy)]
pub struct Near<'a> {
    pub prev: &'a Tok,
    pub cur: &'a Tok,
    pub next: Option<&'a Tok>,
    pub in_params: bool,
    /// The token after `cur` follows it without whitespace in the source.
    pub next_tight: bool,
    /// `cur` is a `<`, `>`, `<<` or `>>` the parser read as a binary operator.
    pub binary: bool,
}

fn is_value(t: Option<&Tok>) -> bool {
    matches!(
        t,
        Some(Tok::Int(_) | Tok::Float(_) | Tok::Str(_) | Tok::Minus)
    )
}

fn mode_of(n: Near, ws: bool) -> OpMode {
    let (a, b) = (n.prev, n.cur);
    match b {
        Tok::Pipe if matches!(a, Tok::Ident(m) if m == "move") => {
            // `move |x| …` opens a closure; `move | 1` is a bitwise or of a variable `move`
            if n.next_tight {
                OpMode::Unary
            } else {
                OpMode::Binary
            }
        }
        // first on a statement's line: a dereference (`*x += 1`) keeps the source's spacing
        Tok::Star | Tok::StarStar if matches!(a, Tok::Eof) => OpMode::Keep,
        // `x @ 1..=5` binds; a label (`@outer: for …`, `break @outer`) sticks to its name
        Tok::At if ends_operand(a) => OpMode::Binary,
        Tok::At => OpMode::Unary,
        Tok::Pipe => {
            if ends_operand(a) {
                OpMode::Binary
            } else {
                // a closure's opening `|`
                OpMode::Unary
            }
        }
        Tok::PipePipe if !ends_operand(a) && !matches!(a, Tok::RBrace | Tok::Question) => {
            OpMode::Binary
        }
        Tok::Minus | Tok::Amp | Tok::AmpAmp | Tok::PipePipe | Tok::Star | Tok::StarStar => {
            if matches!(a, Tok::RBrace | Tok::Question) {
                OpMode::Keep
            } else if matches!(a, Tok::ColonColon) {
                OpMode::None
            } else if ends_operand(a) {
                OpMode::Binary
            } else {
                OpMode::Unary
            }
        }
        t if is_angle(t) => {
            if n.binary
                || ws
                || matches!(a, Tok::Int(_) | Tok::Float(_) | Tok::Str(_))
                || is_value(n.next)
            {
                OpMode::Binary
            } else {
                OpMode::Keep
            }
        }
        t if always_binary(t) => OpMode::Binary,
        _ => OpMode::None,
    }
}

/// Tokens that can begin the expression after a ternary `?`.
pub fn starts_operand(t: &Tok) -> bool {
    ends_operand(t) && !matches!(t, Tok::RParen | Tok::RBracket)
        || matches!(
            t,
            Tok::LParen | Tok::LBracket | Tok::Minus | Tok::Bang | Tok::If | Tok::Match
        )
}

/// Tokens that, first on a line, continue the previous line's expression.
pub fn continues_line(t: &Tok) -> bool {
    always_binary(t)
        || is_angle(t)
        || matches!(
            t,
            Tok::Dot | Tok::Question | Tok::As | Tok::AmpAmp | Tok::DotDot | Tok::DotDotEq
        )
}

/// Tokens that, last on a line, leave the expression incomplete.
pub fn leaves_open(t: &Tok) -> bool {
    always_binary(t)
        || matches!(
            t,
            Tok::Star
                | Tok::AmpAmp
                | Tok::PipePipe
                | Tok::Minus
                | Tok::StarStar
                | Tok::Lt
                | Tok::Shl
                | Tok::Reserved("where")
        )
}
