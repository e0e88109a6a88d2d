//! Formatting keeps behaviour: every conformance program and project case prints the same
//! output after `fmt`.

use ruchy_eval::{Engine, SharedOutput};
use ruchy_parser::format::format_source;
use std::path::PathBuf;

/// Run a program in-process; its stdout and whether it failed.
fn run(src: &str) -> (String, bool) {
    let out = SharedOutput::default();
    let mut engine = Engine::new(Box::new(out.clone()));
    let ok = engine.run(src, "<fmt>", true).is_ok();
    engine.vm.flush();
    let text = out.0.borrow().clone();
    (text, ok)
}

#[test]
fn formatted_programs_print_the_same() {
    // (some cases recurse deeply: the binary runs them on a big stack, and so does this)
    let t = std::thread::Builder::new()
        .stack_size(1 << 29)
        .spawn(check_formatted_programs)
        .expect("spawn");
    if let Err(e) = t.join() {
        std::panic::resume_unwind(e);
    }
}

fn check_formatted_programs() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests");
    // the programs may write files (211-file-io does): not into the source tree
    let work = std::env::temp_dir().join(format!("ruchy-fmt-behaviour-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&work);
    let _ = std::env::set_current_dir(&work);
    // the conformance suite and the project's own cases
    let mut paths: Vec<PathBuf> = ["conformance", "cases"]
        .iter()
        .flat_map(|d| std::fs::read_dir(root.join(d)).into_iter().flatten())
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "ruchy"))
        .collect();
    paths.sort();
    let mut failures = Vec::new();
    let mut compared = 0;
    for p in &paths {
        if p.with_extension("err").exists() {
            continue;
        }
        let (Ok(src), Ok(want)) = (
            std::fs::read_to_string(p),
            std::fs::read_to_string(p.with_extension("out")),
        ) else {
            continue;
        };
        let Ok(formatted) = format_source(&src) else {
            failures.push(format!("{}: not formatted", p.display()));
            continue;
        };
        let (before, _) = run(&src);
        if before != want {
            // depends on the environment (files, stdin, time): nothing to compare against
            continue;
        }
        compared += 1;
        let (after, ok) = run(&formatted);
        if after != want || !ok {
            failures.push(format!("{}: output changed after formatting", p.display()));
        }
    }
    assert!(compared > 300, "only {compared} programs compared");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
