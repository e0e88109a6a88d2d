//! Runs every `.ruchy` case of the conformance folders against its `.out` / `.err` files
//! (rules in tests/conformance/README.md): our copy, our own cases, and ../shared/conformance
//! when it exists.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn cases(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(rd) => rd
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "ruchy"))
            .collect(),
        Err(_) => Vec::new(),
    };
    out.sort();
    out
}

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// Run one case; `Err` describes every mismatch.
fn run_case(case: &Path) -> Result<(), String> {
    let expected =
        std::fs::read(case.with_extension("out")).map_err(|e| format!("missing .out: {e}"))?;
    let (want_rc, want_sub) = match std::fs::read_to_string(case.with_extension("err")) {
        Ok(text) => {
            let mut lines = text.split('\n');
            let rc: i32 = lines
                .next()
                .unwrap_or("1")
                .trim()
                .parse()
                .map_err(|e| format!("bad .err: {e}"))?;
            (rc, Some(lines.next().unwrap_or("").to_string()))
        }
        Err(_) => (0, None),
    };
    let work = std::env::temp_dir().join(format!(
        "ruchy-conf-{}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::SeqCst)
    ));
    std::fs::create_dir_all(&work).map_err(|e| e.to_string())?;
    let abs = std::fs::canonicalize(case).map_err(|e| e.to_string())?;
    let mut child = Command::new(env!("CARGO_BIN_EXE_ruchy"))
        .arg("run")
        .arg(&abs)
        .current_dir(&work)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| e.to_string())?;
    let stdout = child.stdout.take();
    let stderr = child.stderr.take();
    let out_reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        if let Some(mut s) = stdout {
            let _ = std::io::Read::read_to_end(&mut s, &mut buf);
        }
        buf
    });
    let err_reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        if let Some(mut s) = stderr {
            let _ = std::io::Read::read_to_end(&mut s, &mut buf);
        }
        buf
    });
    let start = Instant::now();
    let status = loop {
        if let Some(st) = child.try_wait().map_err(|e| e.to_string())? {
            break Some(st);
        }
        if start.elapsed() > Duration::from_secs(10) {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let out = out_reader.join().unwrap_or_default();
    let err = String::from_utf8_lossy(&err_reader.join().unwrap_or_default()).into_owned();
    let _ = std::fs::remove_dir_all(&work);
    let Some(status) = status else {
        return Err("timed out after 10 s".into());
    };
    let mut problems = Vec::new();
    if out != expected {
        problems.push(format!(
            "stdout differs\n--- expected\n{}\n--- actual\n{}",
            String::from_utf8_lossy(&expected),
            String::from_utf8_lossy(&out)
        ));
    }
    let rc = status.code().unwrap_or(-1);
    if rc != want_rc {
        problems.push(format!("exit {rc}, expected {want_rc}; stderr: {err}"));
    }
    if let Some(sub) = want_sub {
        if !err.contains(&sub) {
            problems.push(format!("stderr lacks {sub:?}: {err}"));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n"))
    }
}

fn run_dir(dir: &Path, min_cases: usize) {
    let all = cases(dir);
    assert!(
        all.len() >= min_cases,
        "{}: expected at least {min_cases} cases, found {}",
        dir.display(),
        all.len()
    );
    let queue = Mutex::new(all.clone());
    let failures = Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..4 {
            s.spawn(|| loop {
                let next = queue.lock().map(|mut q| q.pop()).unwrap_or(None);
                let Some(case) = next else { break };
                if let Err(e) = run_case(&case) {
                    if let Ok(mut f) = failures.lock() {
                        f.push(format!("FAIL {}: {e}", case.display()));
                    }
                }
            });
        }
    });
    let failures = failures.into_inner().unwrap_or_default();
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        all.len(),
        failures.join("\n\n")
    );
    eprintln!("{}: {} cases passed", dir.display(), all.len());
}

#[test]
fn conformance_suite() {
    run_dir(&root().join("tests/conformance"), 240);
}

#[test]
fn shared_conformance_suite() {
    let shared = root().join("../shared/conformance");
    if shared.is_dir() {
        run_dir(&shared, 240);
    } else {
        eprintln!("../shared/conformance not present; skipped");
    }
}

#[test]
fn own_cases() {
    run_dir(&root().join("tests/cases"), 1);
}
