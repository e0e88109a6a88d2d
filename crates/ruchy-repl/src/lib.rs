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
    /// `:quit` was entered.
    pub quit: bool,
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
}

impl Session {
    pub fn new(out: Box<dyn Output>, hooks: Option<HookFactory>) -> Session {
        let mut engine = Engine::new(out);
        if let Some(h) = &hooks {
            engine.vm.set_interrupt(Some(h()));
        }
        Session {
            engine,
            hooks,
            pending: String::new(),
            history: Vec::new(),
            inputs: 0,
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
            if !input.starts_with(":history") {
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
        let mut engine = Engine::new(out);
        if let Some(h) = &self.hooks {
            engine.vm.set_interrupt(Some(h()));
        }
        self.engine = engine;
    }
}

/// True when the only problem with `src` is that it ends too early.
pub fn is_incomplete(src: &str) -> bool {
    let r = ruchy_parser::parse(src);
    !r.errors.is_empty() && r.errors.iter().any(|e| e.incomplete)
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
    }

    #[test]
    fn output_goes_to_the_sink() {
        let (mut s, out) = session();
        let o = s.run_input("println(\"a\"); 5");
        assert_eq!(out.take(), "a\n");
        assert_eq!(o.value.as_deref(), Some("5"));
    }
}
