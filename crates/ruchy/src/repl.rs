//! The terminal REPL: rustyline line editing, history file, completion, colors and Ctrl-C,
//! on top of the `ruchy-repl` session backend. Piped stdin gets the plain scripted mode.

use crate::stdout::StdoutOutput;
use ruchy_repl::{Feed, Outcome, Session};
use rustyline::completion::Completer;
use rustyline::error::ReadlineError;
use rustyline::highlight::Highlighter;
use rustyline::hint::Hinter;
use rustyline::history::DefaultHistory;
use rustyline::validate::Validator;
use rustyline::{Context, Editor, Helper};
use std::cell::RefCell;
use std::io::{BufRead, IsTerminal, Write};
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

const PROMPT: &str = "ruchy> ";
const CONTINUATION: &str = "...... ";

struct Style {
    color: bool,
}

impl Style {
    fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
}

/// Print one evaluation's outcome. Interactive errors get the caret diagnostic; piped mode
/// keeps them to the single `Error: …` line.
fn show(outcome: &Outcome, style: &Style, interactive: bool) {
    let mut out = String::new();
    if let Some(t) = &outcome.text {
        out.push_str(t);
        out.push('\n');
    }
    if let Some(v) = &outcome.value {
        out.push_str(&style.paint("32", v));
        out.push('\n');
    }
    if let Some(e) = &outcome.error {
        if interactive {
            out.push_str(if style.color {
                &e.rendered_color
            } else {
                &e.rendered
            });
        } else {
            out.push_str(&e.headline);
            out.push('\n');
        }
    }
    let mut stdout = std::io::stdout();
    let _ = stdout.write_all(out.as_bytes());
    let _ = stdout.flush();
}

fn history_path() -> Option<std::path::PathBuf> {
    let base = match std::env::var_os("XDG_DATA_HOME") {
        Some(d) if !d.is_empty() => std::path::PathBuf::from(d),
        _ => std::path::PathBuf::from(std::env::var_os("HOME")?).join(".local/share"),
    };
    Some(base.join("ruchy").join("history"))
}

struct ReplHelper {
    session: Rc<RefCell<Session>>,
}

impl Completer for ReplHelper {
    type Candidate = String;

    fn complete(
        &self,
        line: &str,
        pos: usize,
        _ctx: &Context<'_>,
    ) -> rustyline::Result<(usize, Vec<String>)> {
        match self.session.try_borrow_mut() {
            Ok(mut s) => Ok(ruchy_repl::complete(&mut s, line, pos)),
            Err(_) => Ok((pos, Vec::new())),
        }
    }
}

impl Hinter for ReplHelper {
    type Hint = String;
}

impl Highlighter for ReplHelper {}

impl Validator for ReplHelper {}

impl Helper for ReplHelper {}

/// Evaluate one input; a bug that panics is reported instead of ending the session.
fn guarded(session: &mut Session, input: &str) -> Outcome {
    let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| session.run_input(input)));
    r.unwrap_or_else(|_| Outcome {
        error: Some(ruchy_repl::ReplError {
            headline: "Error: internal error (this is a bug in ruchy); the session continues"
                .into(),
            rendered: "Error: internal error (this is a bug in ruchy); the session continues\n"
                .into(),
            rendered_color:
                "Error: internal error (this is a bug in ruchy); the session continues\n".into(),
        }),
        ..Outcome::default()
    })
}

/// A line that is not UTF-8 is an error of that line; the session goes on.
const NOT_UTF8: &str = "Error: the input line is not valid UTF-8";

/// Entry point of `ruchy repl` and bare `ruchy`.
pub fn run() -> i32 {
    if std::io::stdin().is_terminal() {
        interactive()
    } else {
        piped()
    }
}

/// Scripted mode: no banner, prompts or goodbye; only echoes, output and error lines.
fn piped() -> i32 {
    let mut session = Session::new(Box::new(StdoutOutput::new(true)), None);
    let style = Style { color: false };
    let stdin = std::io::stdin();
    for line in stdin.lock().split(b'\n') {
        let Ok(mut bytes) = line else { break };
        if bytes.last() == Some(&b'\r') {
            bytes.pop();
        }
        // a line that is not UTF-8 is an error of that line, not the end of the session
        let Ok(line) = String::from_utf8(bytes) else {
            outln!("{NOT_UTF8}");
            continue;
        };
        if let Feed::Ready(input) = session.feed(&line) {
            let outcome = guarded(&mut session, &input);
            show(&outcome, &style, false);
            if outcome.quit {
                return outcome.exit_code.unwrap_or(0);
            }
        }
    }
    if session.in_continuation() {
        if let Feed::Ready(input) = session.feed("") {
            show(&guarded(&mut session, &input), &style, false);
        }
    }
    0
}

fn interactive() -> i32 {
    let interrupted = Arc::new(AtomicBool::new(false));
    {
        let flag = interrupted.clone();
        let _ = ctrlc::set_handler(move || flag.store(true, Ordering::SeqCst));
    }
    let hook_flag = interrupted.clone();
    let hooks: ruchy_repl::HookFactory = Rc::new(move || {
        let flag = hook_flag.clone();
        Box::new(move || {
            flag.swap(false, Ordering::SeqCst)
                .then(|| "Interrupted".to_string())
        })
    });
    let session = Rc::new(RefCell::new(Session::new(
        Box::new(StdoutOutput::new(true)),
        Some(hooks),
    )));
    let style = Style {
        color: std::env::var_os("NO_COLOR").is_none() && std::io::stdout().is_terminal(),
    };
    let mut editor: Editor<ReplHelper, DefaultHistory> = match Editor::new() {
        Ok(e) => e,
        Err(_) => return piped(),
    };
    editor.set_helper(Some(ReplHelper {
        session: session.clone(),
    }));
    let history = history_path();
    if let Some(p) = &history {
        let _ = editor.load_history(p);
    }
    outln!("Welcome to Ruchy REPL v{}", env!("CARGO_PKG_VERSION"));
    outln!("Type :help for commands, :quit to exit");
    outln!();
    let mut status = 0;
    loop {
        let prompt = if session.borrow().in_continuation() {
            CONTINUATION
        } else {
            PROMPT
        };
        let prompt = if style.color {
            style.paint("1;34", prompt)
        } else {
            prompt.to_string()
        };
        match editor.readline(&prompt) {
            Ok(line) => {
                let feed = session.borrow_mut().feed(&line);
                if let Feed::Ready(input) = feed {
                    if input.trim().is_empty() {
                        continue;
                    }
                    let _ = editor.add_history_entry(input.as_str());
                    interrupted.store(false, Ordering::SeqCst);
                    let outcome = guarded(&mut session.borrow_mut(), &input);
                    show(&outcome, &style, true);
                    if outcome.quit {
                        status = outcome.exit_code.unwrap_or(0);
                        break;
                    }
                }
            }
            Err(ReadlineError::Interrupted) => {
                // Ctrl-C clears the input being typed
                session.borrow_mut().cancel_input();
            }
            Err(ReadlineError::Eof) => break,
            // a key sequence that is not UTF-8 spoils that line only
            Err(ReadlineError::Io(e)) if e.kind() == std::io::ErrorKind::InvalidData => {
                outln!("{NOT_UTF8}");
                session.borrow_mut().cancel_input();
            }
            Err(_) => break,
        }
    }
    if let Some(p) = &history {
        if p.parent()
            .is_some_and(|d| std::fs::create_dir_all(d).is_ok())
        {
            let _ = editor.save_history(p);
        }
    }
    outln!("Goodbye!");
    status
}
