//! The checker is never wrong: every conformance case that runs without error (no `.err`
//! file), every own case and every example checks without a single error; and the cases
//! that fail with a type error at run time are caught statically.

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn ruchy_files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == "ruchy"))
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

/// The rendered errors of a file (empty when it checks cleanly; warnings do not count).
fn errors(path: &Path) -> Vec<String> {
    let src = std::fs::read_to_string(path).expect("read case");
    let parsed = ruchy_parser::parse(&src);
    assert!(parsed.errors.is_empty(), "{}: syntax error", path.display());
    let checked = ruchy_typeck::TypeChecker::new().check(&parsed.program);
    let name = path.display().to_string();
    // (a contradicted annotation is a warning: `ruchy check` still passes)
    checked
        .errors
        .iter()
        .filter(|e| !e.is_warning())
        .map(|e| ruchy_typeck::render(e, &src, &name, false))
        .collect()
}

fn assert_clean(files: &[PathBuf]) -> usize {
    let mut failures = Vec::new();
    for f in files {
        let errs = errors(f);
        if !errs.is_empty() {
            failures.push(errs.join("\n"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} programs that run cleanly got type errors:\n{}",
        failures.len(),
        files.len(),
        failures.join("\n")
    );
    files.len()
}

#[test]
fn conformance_cases_without_runtime_errors_check_cleanly() {
    let dir = root().join("tests/conformance");
    let clean: Vec<PathBuf> = ruchy_files(&dir)
        .into_iter()
        .filter(|p| !p.with_extension("err").exists())
        .collect();
    let n = assert_clean(&clean);
    assert!(n >= 200, "only {n} conformance cases found");
}

#[test]
fn own_cases_and_examples_check_cleanly() {
    // (cases with an `.err` file are meant to fail)
    // 008-error-messages deliberately runs failing code inside try/catch: the checker reports
    // it (see tests/errors/error_probes.err).
    let mut files: Vec<PathBuf> = ruchy_files(&root().join("tests/cases"))
        .into_iter()
        .filter(|p| !p.ends_with("008-error-messages.ruchy"))
        .filter(|p| !p.with_extension("err").exists())
        .collect();
    files.extend(ruchy_files(&root().join("examples")));
    let n = assert_clean(&files);
    assert!(n >= 12, "only {n} cases and examples found");
}

#[test]
fn runtime_type_errors_are_caught_statically() {
    let dir = root().join("tests/conformance");
    let cases = [
        "088-arity-error",
        "090-undefined-function",
        "144-struct-missing-field",
        "145-struct-unknown-field-literal",
        "146-struct-missing-required-field",
        "185-undefined-variable",
        "186-type-error-add",
        "187-type-error-compare",
        "188-type-error-call",
        "189-unknown-method",
        "190-type-error-negate",
        "191-type-error-multiply",
    ];
    for case in cases {
        let path = dir.join(format!("{case}.ruchy"));
        let expected = std::fs::read_to_string(path.with_extension("err")).expect(".err");
        let needle = expected.lines().nth(1).unwrap_or("").to_string();
        let errs = errors(&path);
        assert!(
            errs.iter().any(|e| e.contains(&needle)),
            "{case}: expected an error containing {needle:?}, got {errs:?}"
        );
    }
}
