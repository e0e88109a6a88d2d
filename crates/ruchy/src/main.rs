//! The `ruchy` command: run scripts, evaluate expressions, check and dump programs, REPL.

/// `println!`/`print!`/`eprintln!`/`eprint!` that never panic: a closed stdout (`ruchy x |
/// head`) ends the process quietly with status 0, a closed stderr is ignored.
macro_rules! outln {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        $crate::stdout::quiet_exit_on_broken_pipe(writeln!(std::io::stdout(), $($t)*));
    }};
}
macro_rules! out {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        $crate::stdout::quiet_exit_on_broken_pipe(write!(std::io::stdout(), $($t)*));
    }};
}
macro_rules! errln {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($t)*);
    }};
}
macro_rules! err {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stderr(), $($t)*);
    }};
}

mod cli;
mod fmt;
#[cfg(any(test, all(target_env = "musl", target_arch = "x86_64")))]
mod memcpy;
mod pool;
mod repl;
mod stdout;

#[global_allocator]
static GLOBAL: pool::Pool = pool::Pool;

fn main() {
    // The interpreter runs on a thread with a large stack so deeply nested data and
    // callbacks never overflow the native stack (§6.4).
    let worker = std::thread::Builder::new()
        .name("ruchy".into())
        .stack_size(1 << 30)
        .spawn(cli::main);
    let code = match worker {
        Ok(handle) => handle.join().unwrap_or(101),
        Err(_) => cli::main(),
    };
    std::process::exit(code);
}
