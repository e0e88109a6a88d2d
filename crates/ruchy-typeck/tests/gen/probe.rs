//! Judging a diagnostic of a program that ran without error. A "certain failure" must be about
//! code that never ran: the expression it points at is replaced by `panic("PROBE")`, and if
//! the program then stops at the probe, that code ran (and succeeded), so the diagnostic is
//! a false positive. An annotation contradiction must be real: the value it points at is
//! recorded every time it is computed, and if one of those values fits the annotation, the
//! contradiction was not certain.

#![allow(dead_code)]

use ruchy_parser::visit::{children, Node};
use ruchy_parser::{Program, Span};
use ruchy_typeck::{ErrorKind, TypeError};

/// How many interrupt checks (every few thousand instructions) a program may take.
const BUDGET: u32 = 300;

/// Run `src` with a small recursion limit and an execution budget; the engine afterwards.
pub fn run(src: &str) -> Result<ruchy_eval::Engine, String> {
    let mut engine = ruchy_eval::Engine::new(Box::new(ruchy_eval::BufferOutput::default()));
    engine.vm.max_depth = 200;
    engine.vm.max_native_depth = 200;
    let mut ticks = 0u32;
    engine.vm.set_interrupt(Some(Box::new(move || {
        ticks += 1;
        (ticks > BUDGET).then(|| "execution budget exceeded".to_string())
    })));
    match engine.run(src, "<gen>", true) {
        Ok(_) => Ok(engine),
        Err(f) => Err(f.headline()),
    }
}

/// The smallest expression containing `span`.
pub fn enclosing(program: &Program, span: Span) -> Option<Span> {
    let mut best: Option<Span> = None;
    let mut stack: Vec<Node> = program.stmts.iter().map(Node::Stmt).collect();
    while let Some(n) = stack.pop() {
        if let Node::Expr(e) = n {
            if e.span.start <= span.start && span.end <= e.span.end {
                let smaller = best.is_none_or(|b| e.span.end - e.span.start < b.end - b.start);
                if smaller {
                    best = Some(e.span);
                }
            }
        }
        children(n, &mut |c| stack.push(c));
    }
    best
}

/// `src` with the smallest expression containing `span` rewritten by `f`.
fn rewrite_expr(src: &str, span: Span, f: impl Fn(&str) -> String) -> Option<String> {
    let parsed = ruchy_parser::parse(src);
    let e = enclosing(&parsed.program, span)?;
    let (a, b) = (e.start as usize, e.end as usize);
    let inner = src.get(a..b)?;
    Some(format!("{}{}{}", &src[..a], f(inner), &src[b..]))
}

/// Does the expression at `span` run (in a program that runs without error)?
pub fn code_runs(src: &str, span: Span) -> bool {
    let Some(probed) = rewrite_expr(src, span, |_| "(panic(\"PROBE\"))".to_string()) else {
        return false;
    };
    matches!(run(&probed), Err(msg) if msg.contains("PROBE"))
}

/// The values the expression at `span` computes while the program runs.
pub fn values_at(src: &str, span: Span) -> Vec<ruchy_eval::Value> {
    let Some(probed) = rewrite_expr(src, span, |e| format!("__seen_probe({e})")) else {
        return Vec::new();
    };
    let probed =
        format!("let mut __SEEN = []\nfun __seen_probe(v) {{ __SEEN.push(v); v }}\n{probed}");
    let Ok(engine) = run(&probed) else {
        return Vec::new();
    };
    engine
        .vm
        .env
        .bindings()
        .into_iter()
        .find(|(n, _)| &**n == "__SEEN")
        .and_then(|(_, v)| match v {
            ruchy_eval::Value::Array(items) => Some(items.to_vec()),
            _ => None,
        })
        .unwrap_or_default()
}

/// Why the diagnostic `e` of `src` (a program that ran without error) is wrong, if it is.
pub fn false_positive(src: &str, e: &TypeError) -> Option<String> {
    match &e.kind {
        ErrorKind::Annotation { expected, .. } if !visible(expected) => None,
        ErrorKind::Annotation { expected, .. } => {
            let fitting = values_at(src, e.span)
                .into_iter()
                .find(|v| super::oracle::fits_type(v, expected))?;
            Some(format!(
                "the value {} fits the annotation {expected}",
                fitting.to_display()
            ))
        }
        _ => code_runs(src, e.span).then(|| "the reported code ran without error".to_string()),
    }
}

/// Whether values show if they fit type `t`: not for function types (a function value does
/// not show its parameter types) nor for type arguments of user types (the oracle does not
/// know which payloads they type).
fn visible(t: &str) -> bool {
    let b = t.as_bytes();
    let user_args = (0..b.len()).any(|i| {
        b[i] == b'<' && {
            let start = t[..i]
                .rfind(|c: char| !c.is_ascii_alphanumeric() && c != '_')
                .map_or(0, |j| j + 1);
            !matches!(&t[start..i], "Option" | "Result" | "Set")
        }
    });
    !t.contains("fn(") && !user_args
}
