//! Differential tests: random programs are run by the interpreter, and every one that runs
//! without error must get no error that the run contradicts.
//!
//! * `tests/gen/fuzz.rs`: dynamically typed programs without annotations: no error at all
//!   (`FUZZ_SEEDS=2000` for more).
//! * `tests/gen/mixed.rs`: programs that store values of every kind (and of kinds the checker
//!   cannot know) in annotated places and use what comes out. A reported certain failure must
//!   be about code that never ran, and a reported annotation contradiction must be real
//!   (`tests/gen/probe.rs`). `RUCHY_DIFF_ITERS=100000` for a long run (best with
//!   `--release`), `RUCHY_DIFF_SEED` to start elsewhere.

#[path = "gen/mod.rs"]
mod gen;

#[test]
fn random_dynamic_programs_that_run_check_cleanly() {
    let seeds: u64 = std::env::var("FUZZ_SEEDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(150);
    let mut ran = 0;
    let mut failures = Vec::new();
    for seed in 0..seeds {
        let src = gen::fuzz::program(seed, 40);
        let parsed = ruchy_parser::parse(&src);
        assert!(
            parsed.errors.is_empty(),
            "seed {seed}: syntax error in\n{src}"
        );
        let mut engine = ruchy_eval::Engine::new(Box::new(ruchy_eval::BufferOutput::default()));
        if engine.run(&src, "fuzz", true).is_err() {
            continue;
        }
        ran += 1;
        let checked = ruchy_typeck::TypeChecker::new().check(&parsed.program);
        if let Some(e) = checked.errors.first() {
            failures.push(format!(
                "seed {seed}:\n{}\n{src}",
                ruchy_typeck::render(e, &src, "fuzz", false)
            ));
        }
    }
    eprintln!("{ran} of {seeds} generated programs ran; all checked cleanly");
    assert!(
        ran * 2 >= seeds as usize,
        "only {ran} of {seeds} programs ran"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The types printed for top-level bindings describe the values the program really computes.
#[test]
fn printed_types_fit_the_values_programs_compute() {
    // the interpreter needs the CLI's large stack for the deep-recursion cases
    std::thread::Builder::new()
        .stack_size(1 << 30)
        .spawn(values_fit)
        .expect("spawn")
        .join()
        .expect("no panic");
}

fn values_fit() {
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<std::path::PathBuf> = Vec::new();
    for dir in [
        "../../tests/conformance",
        "../../tests/cases",
        "../../examples",
        "tests/dynamic",
        "tests/types",
    ] {
        if let Ok(rd) = std::fs::read_dir(root.join(dir)) {
            files.extend(
                rd.filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|p| p.extension().is_some_and(|e| e == "ruchy"))
                    .filter(|p| !p.with_extension("err").exists()),
            );
        }
    }
    files.sort();
    let mut sources: Vec<(String, String)> = files
        .iter()
        .map(|f| {
            (
                f.display().to_string(),
                std::fs::read_to_string(f).unwrap_or_default(),
            )
        })
        .collect();
    let seeds: u64 = std::env::var("FUZZ_SEEDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(150);
    for seed in 0..seeds {
        sources.push((format!("fuzz seed {seed}"), gen::fuzz::program(seed, 40)));
    }
    let mut checked = 0;
    let mut failures = Vec::new();
    for (name, src) in &sources {
        // file builtins write to the working directory: skip those programs
        if src.contains("write_file") {
            continue;
        }
        match gen::oracle::check_values(src) {
            Ok(bad) => {
                checked += 1;
                failures.extend(bad.into_iter().map(|b| format!("{name}: {b}")));
            }
            Err(_) => continue,
        }
    }
    eprintln!("{checked} programs ran; the values of their globals fit the printed types");
    assert!(checked >= 300, "only {checked} programs ran");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_probes_see_code_that_runs_and_values_that_fit() {
    let src = "let x = 1\nif x > 5 { println(x + 2) }\nprintln(x + 1)\nlet y: i32 = x\n";
    let at = |text: &str| {
        let start = src.find(text).unwrap_or(0) as u32;
        ruchy_parser::Span {
            start,
            end: start + text.len() as u32,
        }
    };
    assert!(gen::probe::code_runs(src, at("x + 1")));
    assert!(!gen::probe::code_runs(src, at("x + 2")));
    let mut last_x = at("x\n");
    last_x.end -= 1;
    let seen = gen::probe::values_at(src, last_x);
    assert_eq!(seen.len(), 1);
    assert!(gen::oracle::fits_type(&seen[0], "int"));
    assert!(!gen::oracle::fits_type(&seen[0], "[int]"));
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

#[test]
fn annotated_places_holding_other_kinds_give_no_false_positives() {
    let iters = env_number("RUCHY_DIFF_ITERS", 600);
    let seed = env_number("RUCHY_DIFF_SEED", 1);
    let mut g = gen::mixed::Mixed::new(seed);
    let (mut clean, mut syntax, mut reported) = (0, 0, 0);
    let mut failures = Vec::new();
    let dump = std::env::var("RUCHY_DIFF_DUMP").ok();
    for i in 0..iters {
        let src = g.program();
        let parsed = ruchy_parser::parse(&src);
        if !parsed.errors.is_empty() {
            syntax += 1;
            continue;
        }
        if gen::probe::run(&src).is_err() {
            continue;
        }
        clean += 1;
        let checked = ruchy_typeck::TypeChecker::new().check(&parsed.program);
        reported += checked.errors.len();
        for e in &checked.errors {
            if let Some(why) = gen::probe::false_positive(&src, e) {
                if let Some(dir) = &dump {
                    let first = ruchy_typeck::render(e, &src, "<gen>", false);
                    let first = first.lines().next().unwrap_or_default();
                    let _ = std::fs::write(
                        format!("{dir}/fp{seed}_{i}_{}.ruchy", e.span.start),
                        format!("{src}// {first}\n// {why}\n"),
                    );
                }
                failures.push(format!(
                    "program {i} (seed {seed}): {why}\n{}{src}",
                    ruchy_typeck::render(e, &src, "<gen>", false)
                ));
            }
        }
    }
    eprintln!(
        "{clean} of {iters} generated programs ran without error; \
         {reported} errors reported for them, {} false positives",
        failures.len()
    );
    assert!(
        syntax * 50 <= iters,
        "{syntax} of {iters} programs do not parse"
    );
    assert!(clean * 20 >= iters, "only {clean} of {iters} programs ran");
    assert!(
        failures.is_empty(),
        "{} false positives, first:\n{}",
        failures.len(),
        failures.first().cloned().unwrap_or_default()
    );
}
