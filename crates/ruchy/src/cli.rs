//! Command-line parsing (clap) and the subcommands.

use crate::stdout::StdoutOutput;
use clap::{Parser, Subcommand};
use ruchy_eval::{Engine, Failure, Value};
use std::io::{IsTerminal, Read};
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(
    name = "ruchy",
    version,
    about = "Ruchy: a fast, small scripting language",
    long_about = "Run Ruchy programs, evaluate expressions, check and inspect source files.\n\nWith no arguments, starts the REPL.",
    args_conflicts_with_subcommands = true,
    arg_required_else_help = false
)]
struct Cli {
    /// Evaluate CODE as a program and print its result value
    #[arg(
        short = 'e',
        long = "eval",
        value_name = "CODE",
        allow_hyphen_values = true,
        conflicts_with = "file"
    )]
    eval: Option<String>,

    /// A program to run (same as `ruchy run FILE`)
    file: Option<PathBuf>,

    #[command(subcommand)]
    command: Option<Cmd>,
}

#[derive(Subcommand, Debug)]
enum Cmd {
    /// Run a program (`-` reads it from stdin)
    Run { file: PathBuf },
    /// Start the interactive REPL (reads stdin line by line when it is not a terminal)
    Repl,
    /// Check programs without running them: syntax, names used but never defined, and
    /// definite type errors (gradual type inference)
    Check {
        /// Also print the inferred type of every top-level binding
        #[arg(long)]
        types: bool,
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Print the syntax tree of a program
    #[command(alias = "parse")]
    Ast { file: PathBuf },
    /// Print the compiled bytecode of a program (for implementers)
    #[command(hide = true)]
    Disasm { file: PathBuf },
    /// Format a program in canonical style (rewrites FILE; `--check` only reports)
    Fmt {
        file: PathBuf,
        /// Do not write: exit 1 if FILE is not formatted
        #[arg(long)]
        check: bool,
    },
    /// Translate a program to Rust (not implemented yet)
    Transpile {
        #[arg(trailing_var_arg = true, allow_hyphen_values = true, hide = true)]
        rest: Vec<String>,
    },
    /// Build a native executable through Rust (not implemented yet)
    Compile {
        #[arg(trailing_var_arg = true, allow_hyphen_values = true, hide = true)]
        rest: Vec<String>,
    },
}

fn color_stderr() -> bool {
    std::env::var_os("NO_COLOR").is_none() && std::io::stderr().is_terminal()
}

pub(crate) fn read_source(path: &std::path::Path) -> Result<String, String> {
    if path.as_os_str() == "-" {
        let mut s = String::new();
        return std::io::stdin()
            .read_to_string(&mut s)
            .map(|_| s)
            .map_err(|e| format!("Error: Cannot read stdin: {e}"));
    }
    let bytes = std::fs::read(path).map_err(|e| {
        let reason = e.to_string();
        let reason = reason
            .split(" (os error")
            .next()
            .unwrap_or(&reason)
            .to_string();
        format!("Error: Cannot read file '{}': {reason}", path.display())
    })?;
    // §1: a program is UTF-8 text (and `fmt` must not rewrite other bytes); a byte order
    // mark some editors write is not part of it (nor of its columns)
    let bytes = match bytes.strip_prefix("\u{feff}".as_bytes()) {
        Some(rest) => rest.to_vec(),
        None => bytes,
    };
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        format!(
            "Error: Cannot read file '{}': not valid UTF-8 (byte {at})",
            path.display()
        )
    })
}

pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return match e.kind() {
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => 0,
                _ => 2,
            };
        }
    };
    if let Some(code) = cli.eval {
        return eval(&code);
    }
    match cli.command {
        Some(Cmd::Run { file }) => run_file(&file),
        Some(Cmd::Repl) => repl(),
        Some(Cmd::Check { files, types }) => check(&files, types),
        Some(Cmd::Ast { file }) => ast(&file),
        Some(Cmd::Disasm { file }) => disasm(&file),
        Some(Cmd::Fmt { file, check }) => crate::fmt::fmt(&file, check),
        Some(Cmd::Transpile { .. }) => not_yet("transpile"),
        Some(Cmd::Compile { .. }) => not_yet("compile"),
        None => match cli.file {
            Some(file) => run_file(&file),
            None => repl(),
        },
    }
}

/// A §16.3 tool this implementation does not have yet: say so instead of trying to run a
/// file named after it.
fn not_yet(tool: &str) -> i32 {
    errln!(
        "Error: `ruchy {tool}` is not implemented yet in this version of ruchy \
         (see the README, \"Not yet supported\")"
    );
    2
}

fn report(f: &Failure) -> i32 {
    if let Some(code) = f.exit_code() {
        return code;
    }
    err!("{}", f.render(color_stderr()));
    1
}

fn run_file(path: &std::path::Path) -> i32 {
    let src = match read_source(path) {
        Ok(s) => s,
        Err(msg) => {
            errln!("{msg}");
            return 1;
        }
    };
    let mut engine = Engine::new(Box::new(StdoutOutput::new(false)));
    let result = engine.run(&src, &path.display().to_string(), true);
    engine.vm.flush();
    match result {
        Ok(_) => 0,
        Err(f) => report(&f),
    }
}

fn eval(code: &str) -> i32 {
    let mut engine = Engine::new(Box::new(StdoutOutput::new(false)));
    let result = engine.run(code, "<eval>", true);
    let code = match result {
        Ok(Value::Nil) => 0,
        Ok(v) => {
            let mut s = v.to_display();
            s.push('\n');
            engine.vm.write(&s);
            0
        }
        Err(f) => {
            engine.vm.flush();
            report(&f)
        }
    };
    engine.vm.flush();
    code
}

/// `ruchy check`: syntax and compile errors, names bound nowhere, definite type errors; with
/// `--types`, the inferred type of every top-level binding (`name : type`).
fn check(files: &[PathBuf], types: bool) -> i32 {
    let mut status = 0;
    for path in files {
        let name = path.display().to_string();
        let src = match read_source(path) {
            Ok(s) => s,
            Err(msg) => {
                errln!("{msg}");
                status = 1;
                continue;
            }
        };
        let mut engine = Engine::new(Box::new(ruchy_eval::BufferOutput::default()));
        let mut diags = match engine.check(&src, &name) {
            Ok(()) => Vec::new(),
            Err(Failure::Syntax(diags, _)) => diags,
            Err(f) => {
                status = 1;
                report(&f);
                continue;
            }
        };
        let syntax = diags
            .iter()
            .any(|d| d.kind == ruchy_parser::DiagKind::Syntax);
        let mut warnings = Vec::new();
        if !syntax {
            let parsed = ruchy_parser::parse(&src);
            let checked = ruchy_typeck::TypeChecker::new().check(&parsed.program);
            if types {
                if files.len() > 1 {
                    outln!("==> {name} <==");
                }
                for b in &checked.bindings {
                    outln!("{} : {}", b.name, b.ty);
                }
            }
            for e in &checked.errors {
                if !diags.iter().any(|d| d.span.start == e.span.start) {
                    if e.is_warning() {
                        warnings.push(e.to_diagnostic());
                    } else {
                        diags.push(e.to_diagnostic());
                    }
                }
            }
            // an error in code that may not run (a guarded branch, a `try` body, a function
            // never called for certain) is a warning: the program may still run cleanly
            let reach = ruchy_typeck::reach::reach(&parsed.program);
            let (certain, uncertain): (Vec<_>, Vec<_>) =
                diags.into_iter().partition(|d| reach.certain(d.span));
            diags = certain;
            warnings.extend(uncertain);
            warnings.sort_by_key(|d| d.span.start);
            diags.sort_by_key(|d| d.span.start);
        }
        if diags.is_empty() {
            show_diagnostics(&warnings, &src, &name, "⚠", "warning");
            outln!("✓ Syntax is valid: {name}");
            continue;
        }
        // a failure's first line is its first error (§16.3); the warnings follow
        status = 1;
        show_diagnostics(&diags, &src, &name, "✗", "");
        show_diagnostics(&warnings, &src, &name, "⚠", "warning");
    }
    status
}

/// At most this many diagnostics of one file are shown (each excerpt costs a pass over the
/// file; a file of 30,000 stray `)` gives as many errors).
const MAX_SHOWN: usize = 100;

/// `✗ FILE:L:C: KIND: MESSAGE` (or `⚠ … KIND warning: …`) and the source excerpt, on stderr;
/// past `MAX_SHOWN`, how many more there are.
pub(crate) fn show_diagnostics(
    diags: &[ruchy_parser::Diagnostic],
    src: &str,
    name: &str,
    mark: &str,
    suffix: &str,
) {
    let lines = ruchy_parser::LineIndex::new(src);
    for d in diags.iter().take(MAX_SHOWN) {
        let (line, col) = lines.line_col(src, d.span.start);
        let kind = d.kind.title();
        let kind = if suffix.is_empty() {
            kind.to_string()
        } else {
            kind.replace("error", suffix)
        };
        errln!("{mark} {name}:{line}:{col}: {kind}: {}", d.message);
        let rendered = ruchy_parser::render(d, src, name, color_stderr());
        // the excerpt, without the `Error:` headline already given above
        err!("{}", rendered.split_once('\n').map(|x| x.1).unwrap_or(""));
    }
    if diags.len() > MAX_SHOWN {
        let more = diags.len() - MAX_SHOWN;
        let what = if suffix.is_empty() {
            "errors"
        } else {
            "warnings"
        };
        errln!("{mark} {name}: {more} more {what} not shown");
    }
}

fn ast(path: &std::path::Path) -> i32 {
    let src = match read_source(path) {
        Ok(s) => s,
        Err(msg) => {
            errln!("{msg}");
            return 1;
        }
    };
    let parsed = ruchy_parser::parse(&src);
    if let Some(d) = parsed.errors.first() {
        err!(
            "{}",
            ruchy_parser::render(d, &src, &path.display().to_string(), color_stderr())
        );
        return 1;
    }
    out!("{}", ruchy_parser::dump::dump_program(&parsed.program));
    0
}

fn repl() -> i32 {
    crate::repl::run()
}
fn disasm(path: &std::path::Path) -> i32 {
    let src = match read_source(path) {
        Ok(s) => s,
        Err(msg) => {
            errln!("{msg}");
            return 1;
        }
    };
    let mut engine = Engine::new(Box::new(ruchy_eval::BufferOutput::default()));
    match engine.compile(&src, &path.display().to_string()) {
        Ok(proto) => {
            out!("{}", proto.disassemble());
            let mut methods: Vec<_> = engine.vm.env.method_list.iter().collect();
            methods.sort_by(|a, b| a.proto.name.cmp(&b.proto.name));
            for m in methods {
                out!("{}", m.proto.disassemble());
            }
            0
        }
        Err(f) => report(&f),
    }
}
