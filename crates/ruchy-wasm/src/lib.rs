//! The browser REPL: a wasm-bindgen `RuchyRepl` that evaluates Ruchy fully, on top of the
//! same `ruchy-repl` session backend as the terminal REPL, with a wall-clock budget per input.

mod clock;

use ruchy_eval::SharedOutput;
use ruchy_repl::{Feed, HookFactory, Outcome, Session};
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;

/// Default time budget of one evaluation, in milliseconds.
const DEFAULT_LIMIT_MS: f64 = 1000.0;

/// Native recursion allowed for builtins calling back into user code (`map`, `sort_by`, …).
/// The wasm stack is much smaller than a native thread's; the VM's own calls do not use it.
const WASM_NATIVE_DEPTH: usize = 100;

/// What one submitted line or input produced, for the page.
#[wasm_bindgen(getter_with_clone)]
#[derive(Default, Clone)]
pub struct Reply {
    /// `"more"` (the input is incomplete: read a continuation line), `"ok"`, `"error"`, or
    /// `"quit"`.
    pub status: String,
    /// Text printed by `print`/`println` during the evaluation.
    pub output: String,
    /// The echoed value in display form (empty for nil).
    pub value: String,
    /// The rendered error (first line `Error: …`, then the caret diagnostic).
    pub error: String,
    /// Text of a `:command` (`:help`, `:type`, `:env`, …).
    pub text: String,
}

/// The result of [`run`]: what `ruchy run` would have printed, and its exit status.
#[wasm_bindgen(getter_with_clone)]
#[derive(Default, Clone)]
pub struct RunResult {
    pub stdout: String,
    pub stderr: String,
    #[wasm_bindgen(js_name = exitCode)]
    pub exit_code: i32,
}

/// The entry point of §16.4 of the language specification: run a whole program with the
/// semantics of `ruchy run` (the `main` rule applies; file builtins raise `File system not
/// available`). `timeLimitMs` (default 1000) bounds the run; beyond it the program stops with
/// an error and exit code 1.
#[wasm_bindgen]
pub fn run(source: &str, time_limit_ms: Option<f64>) -> RunResult {
    let limit = time_limit_ms
        .filter(|ms| ms.is_finite() && *ms > 0.0)
        .unwrap_or(DEFAULT_LIMIT_MS);
    let deadline = clock::now_ms() + limit;
    let hook: ruchy_eval::vm::InterruptHook = Box::new(move || {
        (clock::now_ms() > deadline).then(|| {
            format!("Execution time limit exceeded: the program ran longer than {limit} ms")
        })
    });
    let out = ruchy_eval::run_with(source, "<main>", Some(hook));
    RunResult {
        stdout: out.stdout,
        stderr: out.stderr,
        exit_code: out.exit_code,
    }
}

#[wasm_bindgen]
pub struct RuchyRepl {
    session: Session,
    out: SharedOutput,
    budget: Rc<Budget>,
}

/// The wall-clock budget of the running evaluation, shared with the VM's interrupt hook.
struct Budget {
    deadline: Cell<f64>,
    limit_ms: Cell<f64>,
}

impl Default for RuchyRepl {
    fn default() -> Self {
        Self::new()
    }
}

#[wasm_bindgen]
impl RuchyRepl {
    /// A fresh session (`new RuchyRepl()` in JavaScript).
    #[wasm_bindgen(constructor)]
    pub fn new() -> RuchyRepl {
        let out = SharedOutput::default();
        let budget = Rc::new(Budget {
            deadline: Cell::new(f64::INFINITY),
            limit_ms: Cell::new(DEFAULT_LIMIT_MS),
        });
        let hooks: HookFactory = {
            let budget = budget.clone();
            Rc::new(move || {
                let budget = budget.clone();
                Box::new(move || {
                    (clock::now_ms() > budget.deadline.get()).then(|| {
                        format!(
                            "Execution time limit exceeded: the input ran longer than {} ms",
                            budget.limit_ms.get()
                        )
                    })
                })
            })
        };
        let mut session = Session::new(Box::new(out.clone()), Some(hooks));
        session.engine().vm.max_native_depth = WASM_NATIVE_DEPTH;
        RuchyRepl {
            session,
            out,
            budget,
        }
    }

    /// Evaluate a complete input; bindings persist across calls. Returns the printed output
    /// followed by the echoed value; throws the output and the error text on failure.
    pub fn eval(&mut self, input: &str) -> Result<String, JsValue> {
        self.eval_text(input).map_err(|e| JsValue::from_str(&e))
    }

    /// Add one line typed by the user: `status` is `"more"` while the input is incomplete
    /// (an open brace, bracket, string or expression), otherwise the evaluated reply.
    pub fn submit(&mut self, line: &str) -> Reply {
        match self.session.feed(line) {
            Feed::NeedMore => Reply {
                status: "more".into(),
                ..Reply::default()
            },
            Feed::Ready(input) => self.run(&input),
        }
    }

    /// Forget a partly entered multi-line input.
    pub fn cancel(&mut self) {
        self.session.cancel_input();
    }

    /// Evaluate a complete input or `:command`.
    pub fn run(&mut self, input: &str) -> Reply {
        let budget = &self.budget;
        budget.deadline.set(clock::now_ms() + budget.limit_ms.get());
        let outcome = self.session.run_input(input);
        budget.deadline.set(f64::INFINITY);
        self.reply(outcome)
    }

    /// Completions of the word at the end of `prefix`: keywords, builtins, bindings, and
    /// methods after a `.`. Each candidate replaces the word (the identifier characters at the
    /// end of `prefix`).
    pub fn complete(&mut self, prefix: &str) -> Vec<String> {
        ruchy_repl::complete(&mut self.session, prefix, prefix.len()).1
    }

    /// The static type of an expression in this session, as the specification's type-only
    /// mode printed it: `expr : type` (from `ruchy-typeck`; nothing is evaluated unless the
    /// static type is `any` and the expression is a plain variable). Throws on a syntax or
    /// certain type error.
    #[wasm_bindgen(js_name = typeOf)]
    pub fn type_of(&mut self, expr: &str) -> Result<String, JsValue> {
        self.type_text(expr).map_err(|e| JsValue::from_str(&e))
    }

    /// True when `input` only lacks its end (the page then asks for another line).
    #[wasm_bindgen(js_name = isIncomplete)]
    pub fn is_incomplete(input: &str) -> bool {
        ruchy_repl::is_incomplete(input)
    }

    /// Drop every binding.
    pub fn reset(&mut self) {
        self.session.reset();
        self.session.engine().vm.max_native_depth = WASM_NATIVE_DEPTH;
    }

    /// The time budget of one evaluation in milliseconds.
    #[wasm_bindgen(getter, js_name = timeLimitMs)]
    pub fn time_limit_ms(&self) -> f64 {
        self.budget.limit_ms.get()
    }

    #[wasm_bindgen(setter, js_name = timeLimitMs)]
    pub fn set_time_limit_ms(&mut self, ms: f64) {
        if ms.is_finite() && ms > 0.0 {
            self.budget.limit_ms.set(ms);
        }
    }

    /// The version of this build.
    pub fn version() -> String {
        env!("CARGO_PKG_VERSION").to_string()
    }
}

impl RuchyRepl {
    /// [`RuchyRepl::type_of`] with the error as plain text.
    pub fn type_text(&mut self, expr: &str) -> Result<String, String> {
        self.session.type_of(expr)
    }

    /// [`RuchyRepl::eval`] with the error as plain text.
    pub fn eval_text(&mut self, input: &str) -> Result<String, String> {
        let reply = self.run(input);
        let mut text = reply.output;
        for part in [&reply.text, &reply.value] {
            if !part.is_empty() {
                text.push_str(part);
                text.push('\n');
            }
        }
        if reply.status == "error" {
            text.push_str(&reply.error);
            return Err(text.trim_end().to_string());
        }
        Ok(text.trim_end_matches('\n').to_string())
    }

    fn reply(&mut self, outcome: Outcome) -> Reply {
        let output = self.out.take();
        let status = if outcome.error.is_some() {
            "error"
        } else if outcome.quit {
            "quit"
        } else {
            "ok"
        };
        Reply {
            status: status.into(),
            output,
            value: outcome.value.unwrap_or_default(),
            error: outcome.error.map(|e| e.rendered).unwrap_or_default(),
            text: outcome.text.unwrap_or_default(),
        }
    }
}
