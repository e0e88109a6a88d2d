//! The `ruchy` command: run scripts, evaluate expressions, check and dump programs, REPL.

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
