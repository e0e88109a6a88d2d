//! The embedding entry point of §16.4: run a whole program as `ruchy run` does and get its
//! stdout, stderr and exit status back (no file system, no terminal).

use crate::engine::Engine;
use crate::output::CaptureOutput;
use crate::vm::InterruptHook;

/// What running a program produced.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RunOutput {
    pub stdout: String,
    /// `eprint` output, then the error diagnostic (first line `Error: …`) if the run failed.
    pub stderr: String,
    /// 0 on success, 1 after a syntax error, runtime error or uncaught exception.
    pub exit_code: i32,
}

/// Run `source` with the semantics of `ruchy run` (the `main` rule applies).
pub fn run(source: &str) -> RunOutput {
    run_with(source, "<main>", None)
}

/// [`run`] with a file name for diagnostics and an optional interrupt hook (an execution
/// budget in the browser).
pub fn run_with(source: &str, name: &str, interrupt: Option<InterruptHook>) -> RunOutput {
    let out = CaptureOutput::default();
    let mut engine = Engine::new(Box::new(out.clone()));
    engine.vm.set_interrupt(interrupt);
    let result = engine.run(source, name, true);
    engine.vm.flush();
    let exit_code = match result {
        Ok(_) => 0,
        Err(f) if f.exit_code().is_some() => f.exit_code().unwrap_or(1),
        Err(f) => {
            out.stderr.borrow_mut().push_str(&f.render(false));
            1
        }
    };
    let stdout = std::mem::take(&mut *out.stdout.borrow_mut());
    let stderr = std::mem::take(&mut *out.stderr.borrow_mut());
    RunOutput {
        stdout,
        stderr,
        exit_code,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_like_ruchy_run() {
        let ok = run("fun main() { println(\"hi\"); eprintln(\"warn\") }");
        assert_eq!(
            ok,
            RunOutput {
                stdout: "hi\n".into(),
                stderr: "warn\n".into(),
                exit_code: 0
            }
        );
        let failed = run("println(1)\nlet x = 1 / 0");
        assert_eq!(failed.stdout, "1\n");
        assert_eq!(failed.exit_code, 1);
        assert!(failed.stderr.starts_with("Error: Division by zero\n"));
        let exited = run("println(1)\nstd::process::exit(3)\nprintln(2)");
        assert_eq!((exited.stdout.as_str(), exited.exit_code), ("1\n", 3));
        assert_eq!(exited.stderr, "");
        let syntax = run("let = 2");
        assert_eq!(syntax.exit_code, 1);
        assert!(syntax
            .stderr
            .starts_with("Error: Syntax error at line 1, column 5"));
        let no_file = run("read_file(\"/nonexistent/x\")");
        assert_eq!(no_file.exit_code, 1);
        if !cfg!(feature = "fs") {
            assert!(no_file
                .stderr
                .starts_with("Error: File system not available"));
        }
    }
}
