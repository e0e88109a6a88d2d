//! Token kinds produced by the lexer.

use crate::span::Span;

/// One piece of an f-string: literal text, or an embedded expression's source text.
#[derive(Clone, Debug, PartialEq)]
pub enum FStrPiece {
    Lit(String),
    /// Expression source, its absolute byte offset, and the format spec after `:` if any.
    Expr {
        src: String,
        offset: u32,
        spec: Option<String>,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub enum Tok {
    Int(i64),
    Float(f64),
    Str(String),
    FStr(Vec<FStrPiece>),
    Ident(String),
    /// `'name` loop label (before a loop header or after break/continue).
    Label(String),
    // keywords
    As,
    Async,
    Await,
    Break,
    Catch,
    Class,
    Const,
    Continue,
    Else,
    Enum,
    False,
    Finally,
    Fn,
    For,
    Fun,
    If,
    Impl,
    In,
    Let,
    Loop,
    Match,
    Mod,
    Mut,
    Nil,
    Pub,
    Return,
    SelfValue,
    SelfType,
    Struct,
    Throw,
    Trait,
    True,
    Try,
    Use,
    Var,
    While,
    Import,
    /// A reserved word that is not (yet) part of the grammar.
    Reserved(&'static str),
    // punctuation
    LParen,
    RParen,
    LBracket,
    RBracket,
    LBrace,
    RBrace,
    Comma,
    Semi,
    Colon,
    ColonColon,
    Dot,
    DotDot,
    DotDotEq,
    Arrow,
    FatArrow,
    Eq,
    EqEq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Plus,
    Minus,
    Star,
    Slash,
    Percent,
    StarStar,
    PlusEq,
    MinusEq,
    StarEq,
    SlashEq,
    PercentEq,
    StarStarEq,
    Amp,
    AmpAmp,
    Pipe,
    PipePipe,
    Caret,
    Tilde,
    Bang,
    Question,
    QuestionQuestion,
    PipeGt,
    Shl,
    Shr,
    At,
    Hash,
    Eof,
}

impl Tok {
    pub fn keyword(s: &str) -> Option<Tok> {
        Some(match s {
            "as" => Tok::As,
            "async" => Tok::Async,
            "await" => Tok::Await,
            "break" => Tok::Break,
            "catch" => Tok::Catch,
            "class" => Tok::Class,
            "const" => Tok::Const,
            "continue" => Tok::Continue,
            "else" => Tok::Else,
            "enum" => Tok::Enum,
            "false" => Tok::False,
            "finally" => Tok::Finally,
            "fn" => Tok::Fn,
            "for" => Tok::For,
            "fun" => Tok::Fun,
            "if" => Tok::If,
            "impl" => Tok::Impl,
            "in" => Tok::In,
            "let" => Tok::Let,
            "loop" => Tok::Loop,
            "match" => Tok::Match,
            "mod" => Tok::Mod,
            "mut" => Tok::Mut,
            "nil" | "null" => Tok::Nil,
            "pub" => Tok::Pub,
            "return" => Tok::Return,
            "self" => Tok::SelfValue,
            "Self" => Tok::SelfType,
            "struct" => Tok::Struct,
            "throw" => Tok::Throw,
            "trait" => Tok::Trait,
            "true" => Tok::True,
            "try" => Tok::Try,
            "use" => Tok::Use,
            "var" => Tok::Var,
            "while" => Tok::While,
            "import" => Tok::Import,
            "type" => Tok::Reserved("type"),
            "from" => Tok::Reserved("from"),
            "export" => Tok::Reserved("export"),
            "module" => Tok::Reserved("module"),
            "where" => Tok::Reserved("where"),
            "yield" => Tok::Reserved("yield"),
            "lazy" => Tok::Reserved("lazy"),
            "actor" => Tok::Reserved("actor"),
            "spawn" => Tok::Reserved("spawn"),
            "send" => Tok::Reserved("send"),
            "receive" => Tok::Reserved("receive"),
            "effect" => Tok::Reserved("effect"),
            "handle" => Tok::Reserved("handle"),
            "super" => Tok::Reserved("super"),
            "crate" => Tok::Reserved("crate"),
            "unsafe" => Tok::Reserved("unsafe"),
            "static" => Tok::Reserved("static"),
            "interface" => Tok::Reserved("interface"),
            "extend" => Tok::Reserved("extend"),
            _ => return None,
        })
    }

    /// How the token is shown in error messages.
    pub fn describe(&self) -> String {
        match self {
            Tok::Int(n) => n.to_string(),
            Tok::Float(f) => f.to_string(),
            Tok::Str(_) => "string literal".into(),
            Tok::FStr(_) => "f-string".into(),
            Tok::Ident(s) => s.clone(),
            Tok::Label(s) => format!("'{s}"),
            Tok::Eof => "end of input".into(),
            other => other.text().to_string(),
        }
    }

    /// `=` or a compound assignment (`+=`, `**=`, …).
    pub fn is_assignment(&self) -> bool {
        matches!(
            self,
            Tok::Eq
                | Tok::PlusEq
                | Tok::MinusEq
                | Tok::StarEq
                | Tok::SlashEq
                | Tok::PercentEq
                | Tok::StarStarEq
        )
    }

    /// A keyword (`match`, `type`, …) rather than a name or a symbol.
    pub fn is_keyword(&self) -> bool {
        Tok::keyword(&self.describe()).is_some()
    }

    /// How the token reads inside a message: `'x'`, or `end of input`.
    /// The token after "Unexpected " in a message (`Unexpected string literal`).
    pub fn unexpected(&self) -> String {
        match self {
            Tok::Str(_) | Tok::FStr(_) => "string literal".into(),
            other => other.quoted(),
        }
    }

    pub fn quoted(&self) -> String {
        match self {
            Tok::Eof => "end of input".into(),
            Tok::Str(_) | Tok::FStr(_) => "a string literal".into(),
            other => format!("'{}'", other.describe()),
        }
    }

    /// The source text of a fixed token.
    pub fn text(&self) -> &'static str {
        match self {
            Tok::As => "as",
            Tok::Async => "async",
            Tok::Await => "await",
            Tok::Break => "break",
            Tok::Catch => "catch",
            Tok::Class => "class",
            Tok::Const => "const",
            Tok::Continue => "continue",
            Tok::Else => "else",
            Tok::Enum => "enum",
            Tok::False => "false",
            Tok::Finally => "finally",
            Tok::Fn => "fn",
            Tok::For => "for",
            Tok::Fun => "fun",
            Tok::If => "if",
            Tok::Impl => "impl",
            Tok::In => "in",
            Tok::Let => "let",
            Tok::Loop => "loop",
            Tok::Match => "match",
            Tok::Mod => "mod",
            Tok::Mut => "mut",
            Tok::Nil => "nil",
            Tok::Pub => "pub",
            Tok::Return => "return",
            Tok::SelfValue => "self",
            Tok::SelfType => "Self",
            Tok::Struct => "struct",
            Tok::Throw => "throw",
            Tok::Trait => "trait",
            Tok::True => "true",
            Tok::Try => "try",
            Tok::Use => "use",
            Tok::Var => "var",
            Tok::While => "while",
            Tok::Import => "import",
            Tok::Reserved(s) => s,
            Tok::LParen => "(",
            Tok::RParen => ")",
            Tok::LBracket => "[",
            Tok::RBracket => "]",
            Tok::LBrace => "{",
            Tok::RBrace => "}",
            Tok::Comma => ",",
            Tok::Semi => ";",
            Tok::Colon => ":",
            Tok::ColonColon => "::",
            Tok::Dot => ".",
            Tok::DotDot => "..",
            Tok::DotDotEq => "..=",
            Tok::Arrow => "->",
            Tok::FatArrow => "=>",
            Tok::Eq => "=",
            Tok::EqEq => "==",
            Tok::Ne => "!=",
            Tok::Lt => "<",
            Tok::Le => "<=",
            Tok::Gt => ">",
            Tok::Ge => ">=",
            Tok::Plus => "+",
            Tok::Minus => "-",
            Tok::Star => "*",
            Tok::Slash => "/",
            Tok::Percent => "%",
            Tok::StarStar => "**",
            Tok::PlusEq => "+=",
            Tok::MinusEq => "-=",
            Tok::StarEq => "*=",
            Tok::SlashEq => "/=",
            Tok::PercentEq => "%=",
            Tok::StarStarEq => "**=",
            Tok::Amp => "&",
            Tok::AmpAmp => "&&",
            Tok::Pipe => "|",
            Tok::PipePipe => "||",
            Tok::Caret => "^",
            Tok::Tilde => "~",
            Tok::Bang => "!",
            Tok::Question => "?",
            Tok::QuestionQuestion => "??",
            Tok::PipeGt => "|>",
            Tok::Shl => "<<",
            Tok::Shr => ">>",
            Tok::At => "@",
            Tok::Hash => "#",
            Tok::Int(_) | Tok::Float(_) | Tok::Str(_) | Tok::FStr(_) => "literal",
            Tok::Ident(_) => "identifier",
            Tok::Label(_) => "label",
            Tok::Eof => "end of input",
        }
    }
}

/// Whether a `=>` comes in `toks` at bracket depth 0 before a `,` or a closing `}` ends the
/// match arm being read: after a block arm body, `(`, `[` or `-` then begin the next arm
/// (`{ "zero" } -1 => …`) rather than continue the body (`{ 3 } - 1,`).
pub(crate) fn arrow_before_arm_end<'a>(toks: impl IntoIterator<Item = &'a Tok>) -> bool {
    let mut depth = 0usize;
    for t in toks {
        match t {
            Tok::LParen | Tok::LBracket | Tok::LBrace => depth += 1,
            Tok::RParen | Tok::RBracket => depth = depth.saturating_sub(1),
            Tok::RBrace if depth == 0 => return false,
            Tok::RBrace => depth -= 1,
            Tok::Comma if depth == 0 => return false,
            Tok::FatArrow if depth == 0 => return true,
            _ => {}
        }
    }
    false
}

/// A token with its span and whether a line break precedes it.
#[derive(Clone, Debug, PartialEq)]
pub struct Token {
    pub tok: Tok,
    pub span: Span,
    pub nl_before: bool,
}
