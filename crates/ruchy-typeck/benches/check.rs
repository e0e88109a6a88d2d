//! Times the type checker on a generated, varied 10,000-line program:
//! `cargo bench -p ruchy-typeck` (results are recorded in BENCHMARK.md).

#[path = "../tests/gen/mod.rs"]
mod gen;

use std::time::Instant;

fn main() {
    let src = gen::program(10_000, 42);
    let lines = src.lines().count();
    let parse_start = Instant::now();
    let parsed = ruchy_parser::parse(&src);
    let parse_time = parse_start.elapsed();
    assert!(
        parsed.errors.is_empty(),
        "generated program has syntax errors"
    );
    let checker = ruchy_typeck::TypeChecker::new();
    // warm up, then take the best of several runs
    let warm = checker.check(&parsed.program);
    let mut best = f64::MAX;
    let runs = 10;
    let mut total = 0.0;
    for _ in 0..runs {
        let start = Instant::now();
        let checked = checker.check(&parsed.program);
        let ms = start.elapsed().as_secs_f64() * 1000.0;
        best = best.min(ms);
        total += ms;
        std::hint::black_box(checked);
    }
    println!(
        "check of a generated {lines}-line program ({} top-level bindings, {} errors, {} passes): best {best:.1} ms, mean {:.1} ms over {runs} runs (parse {:.1} ms)",
        warm.bindings.len(),
        warm.errors.len(),
        warm.passes,
        total / runs as f64,
        parse_time.as_secs_f64() * 1000.0
    );
}
