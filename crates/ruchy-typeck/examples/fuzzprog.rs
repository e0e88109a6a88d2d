//! Write a random dynamically typed test program to stdout:
//! `cargo run -p ruchy-typeck --example fuzzprog -- SEED STATEMENTS`.

#[path = "../tests/gen/mod.rs"]
mod gen;

fn main() {
    let mut args = std::env::args().skip(1);
    let seed = args.next().and_then(|a| a.parse().ok()).unwrap_or(1);
    let stmts = args.next().and_then(|a| a.parse().ok()).unwrap_or(40);
    print!("{}", gen::fuzz::program(seed, stmts));
}
