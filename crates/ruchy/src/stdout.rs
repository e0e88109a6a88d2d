//! Program output to the process's stdout (buffered; flushed at exit and before errors).

use ruchy_eval::Output;
use std::io::Write;

/// A write to stdout failed because the reader went away: stop quietly (status 0).
pub fn quiet_exit_on_broken_pipe(r: std::io::Result<()>) {
    if let Err(e) = r {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
    }
}

pub struct StdoutOutput {
    out: std::io::BufWriter<std::io::Stdout>,
    /// Flush after every write (interactive sessions).
    eager: bool,
}

impl StdoutOutput {
    pub fn new(eager: bool) -> StdoutOutput {
        StdoutOutput {
            out: std::io::BufWriter::with_capacity(1 << 16, std::io::stdout()),
            eager,
        }
    }

    fn check(r: std::io::Result<()>) {
        quiet_exit_on_broken_pipe(r);
    }
}

impl Output for StdoutOutput {
    fn write_str(&mut self, s: &str) {
        Self::check(self.out.write_all(s.as_bytes()));
        if self.eager {
            Self::check(self.out.flush());
        }
    }

    fn write_err(&mut self, s: &str) {
        Self::check(self.out.flush());
        let _ = std::io::stderr().write_all(s.as_bytes());
    }

    fn flush(&mut self) {
        Self::check(self.out.flush());
    }
}
