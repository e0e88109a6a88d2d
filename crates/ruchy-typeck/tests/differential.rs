//! Differential test: random dynamically typed programs (tests/gen/fuzz.rs) are run by the
//! interpreter; every one that runs without error must check without a single error.

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
