//! Write a generated benchmark program to stdout:
//! `cargo run -p ruchy-typeck --example genprog -- LINES SEED`.

#[path = "../tests/gen/mod.rs"]
mod gen;

fn main() {
    let mut args = std::env::args().skip(1);
    let lines = args.next().and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let seed = args.next().and_then(|a| a.parse().ok()).unwrap_or(42);
    print!("{}", gen::program(lines, seed));
}
