//! The `:commands` of §16.2.

use crate::{Outcome, Session};

pub const HELP: &str = "\
:help, :h          show this list
:quit, :q, :exit   leave the REPL (also Ctrl-D)
:type EXPR         the static type of EXPR (inferred, `any` if none)
:inspect EXPR      type and value of EXPR
:vars, :env        user bindings with their values
:load FILE         run FILE in this session (its definitions stay bound)
:reset             drop all user bindings
:history           previous inputs
:clear             clear the history
:ast EXPR          the syntax tree of EXPR";

fn text(s: impl Into<String>) -> Outcome {
    Outcome {
        text: Some(s.into()),
        ..Outcome::default()
    }
}

pub fn run(s: &mut Session, line: &str) -> Outcome {
    let (cmd, arg) = match line.split_once(char::is_whitespace) {
        Some((c, a)) => (c, a.trim()),
        None => (line, ""),
    };
    match cmd {
        ":help" | ":h" => text(HELP),
        ":quit" | ":q" | ":exit" => Outcome {
            quit: true,
            ..Outcome::default()
        },
        ":type" | ":t" => {
            if arg.is_empty() {
                return text("Usage: :type EXPR");
            }
            match s.static_type(arg) {
                Ok(t) => text(t),
                Err(e) => Outcome {
                    error: Some(crate::ReplError {
                        headline: e.clone(),
                        rendered: format!("{e}\n"),
                        rendered_color: format!("{e}\n"),
                    }),
                    ..Outcome::default()
                },
            }
        }
        ":inspect" => {
            if arg.is_empty() {
                return text("Usage: :inspect EXPR");
            }
            match s.engine().run(arg, "<inspect>", false) {
                Ok(v) => text(format!(
                    "Type: {}\nValue: {}",
                    v.kind_name(),
                    v.to_display()
                )),
                Err(f) => s.eval_failure(f),
            }
        }
        ":vars" | ":env" => {
            let bindings = s.engine().vm.env.bindings();
            if bindings.is_empty() {
                return text("No variables defined");
            }
            text(
                bindings
                    .iter()
                    .map(|(n, v)| format!("{n} = {}", v.to_display()))
                    .collect::<Vec<_>>()
                    .join("\n"),
            )
        }
        ":load" => {
            if arg.is_empty() {
                return text("Usage: :load FILE");
            }
            load(s, arg)
        }
        ":reset" => {
            s.reset();
            text("Bindings reset")
        }
        ":history" => {
            if s.history().is_empty() {
                return text("No history");
            }
            text(
                s.history()
                    .iter()
                    .enumerate()
                    .map(|(i, h)| format!("{}: {h}", i + 1))
                    .collect::<Vec<_>>()
                    .join("\n"),
            )
        }
        ":clear" => {
            s.clear_history();
            text("History cleared")
        }
        ":ast" => {
            if arg.is_empty() {
                return text("Usage: :ast EXPR");
            }
            let parsed = ruchy_parser::parse(arg);
            match parsed.errors.first() {
                Some(d) => s.eval_failure(ruchy_eval::Failure::Syntax(
                    vec![d.clone()],
                    ruchy_eval::Source::new("<ast>", arg),
                )),
                None => text(
                    ruchy_parser::dump::dump_program(&parsed.program)
                        .trim_end()
                        .to_string(),
                ),
            }
        }
        other => text(format!("Unknown command: {other}")),
    }
}

#[cfg(feature = "fs")]
fn load(s: &mut Session, path: &str) -> Outcome {
    match std::fs::read_to_string(path) {
        Ok(src) => {
            let mut o = s.eval_named(&src, path);
            // (no status line: piped output carries only echoes, program output and errors)
            if o.error.is_none() {
                o.value = None;
            }
            o
        }
        Err(e) => text(format!(
            "Error: Cannot read file '{path}': {}",
            e.to_string().split(" (os error").next().unwrap_or("")
        )),
    }
}

#[cfg(not(feature = "fs"))]
fn load(_: &mut Session, _path: &str) -> Outcome {
    text("Error: File system not available")
}
