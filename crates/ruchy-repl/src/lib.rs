//! The REPL backend shared by the terminal REPL and the browser: a persistent session,
//! multi-line input detection, `:commands`, echo formatting and completion.

mod commands;
mod complete;

pub use complete::complete;

use ruchy_eval::vm::InterruptHook;
use ruchy_eval::{Engine, Failure, Output, Value};
use std::rc::Rc;

/// Builds the interrupt hook of each new VM (Ctrl-C in a terminal, a time budget in a browser).
pub type HookFactory = Rc<dyn Fn() -> InterruptHook>;

/// An error as the REPL shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct ReplError {
    /// `Error: MESSAGE`
    pub headline: String,
    /// The caret diagnostic (plain text).
    pub rendered: String,
    /// The caret diagnostic with ANSI colors.
    pub rendered_color: String,
}

/// The result of evaluating one complete input.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Outcome {
    /// The echo: the value in display form (`None` for nil).
    pub value: Option<String>,
    pub error: Option<ReplError>,
    /// Text printed by a `:command`.
    pub text: Option<String>,
    /// `:quit` was entered, or the program called `exit(code)`.
    pub quit: bool,
    /// The status of `exit(code)`; `None` for `:quit` (status 0).
    pub exit_code: Option<i32>,
}

/// What to do with a line of input.
#[derive(Debug, Clone, PartialEq)]
pub enum Feed {
    /// The input is incomplete: read a continuation line.
    NeedMore,
    /// A complete input (possibly several lines) to evaluate or run as a command.
    Ready(String),
}

pub struct Session {
    engine: Engine,
    hooks: Option<HookFactory>,
    pending: String,
    history: Vec<String>,
    inputs: usize,
    /// The syntax trees of the inputs evaluated so far (the type checker's environment).
    typed: Vec<ruchy_parser::ast::Program>,
}

impl Session {
    pub fn new(out: Box<dyn Output>, hooks: Option<HookFactory>) -> Session {
        let engine = new_engine(out, hooks.as_ref());
        Session {
            engine,
            hooks,
            pending: String::new(),
            history: Vec::new(),
            inputs: 0,
            typed: Vec::new(),
        }
    }

    pub fn engine(&mut self) -> &mut Engine {
        &mut self.engine
    }

    /// True while a multi-line input is being collected.
    pub fn in_continuation(&self) -> bool {
        !self.pending.is_empty()
    }

    /// Drop a partly typed multi-line input (Ctrl-C).
    pub fn cancel_input(&mut self) {
        self.pending.clear();
    }

    /// Add a line. An input is complete when it parses, or when its error is not "the input
    /// ended too early"; an empty continuation line forces evaluation.
    pub fn feed(&mut self, line: &str) -> Feed {
        if self.pending.is_empty() && line.trim_start().starts_with(':') {
            return Feed::Ready(line.trim().to_string());
        }
        if !self.pending.is_empty() {
            self.pending.push('\n');
        }
        self.pending.push_str(line);
        if self.pending.trim().is_empty() {
            self.pending.clear();
            return Feed::Ready(String::new());
        }
        let forced = line.trim().is_empty();
        if !forced && is_incomplete(&self.pending) {
            return Feed::NeedMore;
        }
        Feed::Ready(std::mem::take(&mut self.pending))
    }

    /// Evaluate a complete input (code or a `:command`) and remember it in the history.
    pub fn run_input(&mut self, input: &str) -> Outcome {
        if input.trim().is_empty() {
            return Outcome::default();
        }
        if input.starts_with(':') {
            let out = commands::run(self, input);
            // `:history` lists the earlier inputs; after `:clear` the history is empty
            let word = input.split_whitespace().next().unwrap_or("");
            if !matches!(word, ":history" | ":clear") {
                self.history.push(input.to_string());
            }
            return out;
        }
        self.history.push(input.to_string());
        self.eval(input)
    }

    /// Evaluate code in the session; bindings persist, the `main` rule does not apply.
    pub fn eval(&mut self, code: &str) -> Outcome {
        self.inputs += 1;
        let name = format!("<repl:{}>", self.inputs);
        self.eval_named(code, &name)
    }

    pub(crate) fn eval_named(&mut self, code: &str, name: &str) -> Outcome {
        let parsed = ruchy_parser::parse(code);
        if parsed.errors.is_empty() {
            self.typed.push(parsed.program);
        }
        let result = self.engine.run(code, name, false);
        self.engine.vm.flush();
        match result {
            Ok(Value::Nil) => Outcome::default(),
            Ok(v) => Outcome {
                value: Some(v.to_display()),
                ..Outcome::default()
            },
            Err(f) => self.eval_failure(f),
        }
    }

    pub(crate) fn eval_failure(&self, f: Failure) -> Outcome {
        if let Some(code) = f.exit_code() {
            return Outcome {
                quit: true,
                exit_code: Some(code),
                ..Outcome::default()
            };
        }
        Outcome {
            error: Some(error_of(&f)),
            ..Outcome::default()
        }
    }

    pub fn history(&self) -> &[String] {
        &self.history
    }

    pub fn clear_history(&mut self) {
        self.history.clear();
    }

    /// Drop every user binding and type (a fresh engine, same output and hooks).
    pub fn reset(&mut self) {
        let out = self
            .engine
            .vm
            .set_output(Box::new(ruchy_eval::BufferOutput::default()));
        self.engine = new_engine(out, self.hooks.as_ref());
        self.typed.clear();
    }

    /// The static type of `expr` in the environment of the inputs evaluated so far, as
    /// `expr : type` (e.g. `f : fn(int) -> int`, `xs : [float]`). Where no static type exists
    /// the type is `any`; for a plain variable the kind of its current value is added
    /// (`x : any (now integer)`). `Err` carries an `Error: …` line (a syntax error, or a
    /// definite type error in `expr`). Nothing is evaluated except such a variable read.
    pub fn type_of(&mut self, expr: &str) -> Result<String, String> {
        let expr = expr.trim();
        Ok(format!("{expr} : {}", self.static_type(expr)?))
    }

    /// The static type of `expr` alone (`:type`, §16.2): `fn(int) -> int`, `[float]`, or
    /// `any (now integer)` where no static type exists.
    pub fn static_type(&mut self, expr: &str) -> Result<String, String> {
        let expr = expr.trim();
        let parsed = ruchy_parser::parse(expr);
        if let Some(d) = parsed.errors.first() {
            return Err(format!("Error: {}", d.headline(expr)));
        }
        let mut inputs: Vec<&ruchy_parser::ast::Program> = self.typed.iter().collect();
        inputs.push(&parsed.program);
        let checked = ruchy_typeck::TypeChecker::new().check_session(&inputs);
        let last = inputs.len() as u32 - 1;
        if let Some(e) = checked.errors.iter().find(|e| e.unit == last) {
            return Err(format!("Error: {}", e.message()));
        }
        let ty = checked.last_type.unwrap_or_else(|| "nil".to_string());
        if ty == "any" && is_plain_read(&parsed.program) {
            if let Ok(v) = self.engine.run(expr, "<type>", false) {
                return Ok(format!("any (now {})", v.type_name()));
            }
        }
        Ok(ty)
    }
}

/// A session's engine: errors do not end it, and the hooks interrupt long inputs.
fn new_engine(out: Box<dyn ruchy_eval::Output>, hooks: Option<&HookFactory>) -> Engine {
    let mut engine = Engine::new(out);
    engine.vm.resumes_after_errors = true;
    if let Some(h) = hooks {
        engine.vm.set_interrupt(Some(h()));
    }
    engine
}

/// A variable, field or path read: evaluating it has no effect.
fn is_plain_read(p: &ruchy_parser::ast::Program) -> bool {
    use ruchy_parser::ast::{ExprKind, Stmt};
    let [Stmt::Expr(e)] = p.stmts.as_slice() else {
        return false;
    };
    let mut cur = e;
    loop {
        match &cur.kind {
            ExprKind::Ident(_) | ExprKind::Path(_) | ExprKind::SelfValue => return true,
            ExprKind::Field(inner, _) | ExprKind::TupleIndex(inner, _, _) => cur = inner,
            _ => return false,
        }
    }
}

/// True when the REPL should read another line before evaluating `src` (§16.2).
pub fn is_incomplete(src: &str) -> bool {
    ruchy_parser::input_is_incomplete(src)
}

fn error_of(f: &Failure) -> ReplError {
    ReplError {
        headline: format!("Error: {}", f.headline()),
        rendered: f.render(false),
        rendered_color: f.render(true),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ruchy_eval::SharedOutput;

    fn session() -> (Session, SharedOutput) {
        let out = SharedOutput::default();
        (Session::new(Box::new(out.clone()), None), out)
    }

    #[test]
    fn bindings_persist_and_echo() {
        let (mut s, _) = session();
        assert_eq!(s.run_input("let x = 2").value.as_deref(), Some("2"));
        assert_eq!(s.run_input("x * 21").value.as_deref(), Some("42"));
        assert_eq!(s.run_input("\"hi\"").value.as_deref(), Some("\"hi\""));
        assert_eq!(
            s.run_input("fun f(a) { a + x }").value.as_deref(),
            Some("<function>")
        );
        assert_eq!(s.run_input("f(1)").value.as_deref(), Some("3"));
        assert_eq!(s.run_input("nil").value, None);
    }

    #[test]
    fn errors_keep_the_session() {
        let (mut s, _) = session();
        s.run_input("let keep = 7");
        let bad = s.run_input("1 / 0");
        assert_eq!(
            bad.error.map(|e| e.headline).as_deref(),
            Some("Error: Division by zero")
        );
        assert_eq!(s.run_input("keep").value.as_deref(), Some("7"));
        let syn = s.run_input("let = 1");
        assert!(syn.error.is_some_and(|e| e
            .headline
            .starts_with("Error: Syntax error at line 1, column 5")));
    }

    #[test]
    fn multi_line_input() {
        let (mut s, _) = session();
        assert_eq!(s.feed("fun add(a, b) {"), Feed::NeedMore);
        assert_eq!(s.feed("  a + b"), Feed::NeedMore);
        assert_eq!(
            s.feed("}"),
            Feed::Ready("fun add(a, b) {\n  a + b\n}".into())
        );
        assert_eq!(s.feed("let s = \"open"), Feed::NeedMore);
        assert_eq!(
            s.feed("string\""),
            Feed::Ready("let s = \"open\nstring\"".into())
        );
        assert_eq!(s.feed("1 +"), Feed::NeedMore);
        assert_eq!(s.feed(""), Feed::Ready("1 +\n".into()));
        assert_eq!(s.feed("[1,"), Feed::NeedMore);
        assert_eq!(s.feed("2]"), Feed::Ready("[1,\n2]".into()));
        assert_eq!(s.feed(")"), Feed::Ready(")".into()));
        // open brackets keep the input going even where the parser's own error is elsewhere
        // (a map literal's trailing comma, a range operator before the line break)
        assert_eq!(s.feed("let cfg = {"), Feed::NeedMore);
        assert_eq!(s.feed("  name: \"x\","), Feed::NeedMore);
        assert_eq!(
            s.feed("}"),
            Feed::Ready("let cfg = {\n  name: \"x\",\n}".into())
        );
        assert_eq!(s.feed("let r = (1 .."), Feed::NeedMore);
        assert_eq!(s.feed("3)"), Feed::Ready("let r = (1 ..\n3)".into()));
        // only §16.2's conditions continue an input: a trailing `..`, `=>` or `,` does; an
        // input that fails for another reason is complete (and an error)
        assert_eq!(s.feed("1 .."), Feed::NeedMore);
        assert_eq!(s.feed("3"), Feed::Ready("1 ..\n3".into()));
        assert_eq!(s.feed("let f = |x|"), Feed::NeedMore);
        assert_eq!(s.feed("x"), Feed::Ready("let f = |x|\nx".into()));
        assert_eq!(s.feed("try { 1 }"), Feed::Ready("try { 1 }".into()));
        assert_eq!(s.feed("if true"), Feed::Ready("if true".into()));
        assert_eq!(s.feed("let x"), Feed::Ready("let x".into()));
    }

    #[test]
    fn type_of_uses_earlier_inputs() {
        let (mut s, out) = session();
        s.run_input("let x = 2");
        s.run_input("fun sq(n: i32) -> i32 { n * n }");
        s.run_input("fun id(v) { v }");
        s.run_input("let xs = [1.5, 2.5]");
        s.run_input("let mixed = [1, \"a\"]");
        assert_eq!(s.type_of("sq").as_deref(), Ok("sq : fn(int) -> int"));
        assert_eq!(s.type_of("id").as_deref(), Ok("id : fn(a) -> a"));
        assert_eq!(s.type_of("id(x)").as_deref(), Ok("id(x) : int"));
        assert_eq!(
            s.type_of("xs.map(|v| v * 2.0)").as_deref(),
            Ok("xs.map(|v| v * 2.0) : [float]")
        );
        assert_eq!(s.type_of("mixed[0] ").as_deref(), Ok("mixed[0] : any"));
        assert_eq!(
            s.type_of("true + 1"),
            Err("Error: Cannot add boolean and integer".to_string())
        );
        assert!(s
            .type_of("nope")
            .is_err_and(|e| e.contains("Undefined variable: nope")));
        assert!(s.type_of("x +").is_err_and(|e| e.contains("Syntax error")));
        // nothing was evaluated: no output
        assert_eq!(out.take(), "");
    }

    #[test]
    fn type_of_falls_back_to_the_runtime_kind() {
        let (mut s, _) = session();
        s.run_input("let v = if 1 > 0 { 1 } else { \"a\" }");
        assert_eq!(s.type_of("v").as_deref(), Ok("v : any (now integer)"));
        assert_eq!(
            s.run_input(":type v").text.as_deref(),
            Some("any (now integer)")
        );
        s.run_input(":reset");
        assert!(s.type_of("v").is_err());
    }

    #[test]
    fn an_uncaught_exception_leaves_the_receiver_as_it_was() {
        let (mut s, _) = session();
        s.run_input("struct A { b: i32 }");
        s.run_input(
            "impl A { fun take(&mut self, n) { self.b -= n; if self.b < 0 { throw \"no\" } } }",
        );
        s.run_input("let mut a = A { b: 50 }");
        assert!(s.run_input("a.take(80)").error.is_some());
        assert_eq!(s.run_input("a.b").value.as_deref(), Some("50"));
        assert!(s.run_input("a.take(20)").error.is_none());
        assert_eq!(s.run_input("a.b").value.as_deref(), Some("30"));
    }

    #[test]
    fn type_command_errors_are_errors() {
        let (mut s, _) = session();
        s.run_input("let n = 1");
        assert_eq!(s.run_input(":type n + 1").text.as_deref(), Some("int"));
        let bad = s.run_input(":type nope + 1");
        assert!(bad.text.is_none());
        assert!(bad.error.is_some_and(|e| e.headline.starts_with("Error: ")));
    }

    #[test]
    fn output_goes_to_the_sink() {
        let (mut s, out) = session();
        let o = s.run_input("println(\"a\"); 5");
        assert_eq!(out.take(), "a\n");
        assert_eq!(o.value.as_deref(), Some("5"));
    }
}
