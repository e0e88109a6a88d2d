//! Dynamic programs (values changing kind, heterogeneous data, type tests, higher-order code)
//! in `tests/dynamic/`: each runs without error in the interpreter, so the checker must not
//! report anything.

use std::path::PathBuf;

#[test]
fn dynamic_programs_run_and_check_cleanly() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/dynamic");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "ruchy"))
        .collect();
    files.sort();
    assert!(files.len() >= 8, "only {} programs", files.len());
    let mut failures = Vec::new();
    for f in &files {
        let src = std::fs::read_to_string(f).expect("read");
        let mut engine = ruchy_eval::Engine::new(Box::new(ruchy_eval::BufferOutput::default()));
        if let Err(e) = engine.run(&src, &f.display().to_string(), true) {
            failures.push(format!("{}: does not run: {}", f.display(), e.headline()));
            continue;
        }
        let parsed = ruchy_parser::parse(&src);
        let checked = ruchy_typeck::TypeChecker::new().check(&parsed.program);
        for e in &checked.errors {
            failures.push(ruchy_typeck::render(
                e,
                &src,
                &f.display().to_string(),
                false,
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
