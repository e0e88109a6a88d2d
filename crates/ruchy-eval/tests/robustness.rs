//! No input makes the engine panic or hang: random token soup, mutated conformance
//! programs and pathological nesting all end with a value or a clean error.
//! (A coverage-guided fuzz target for the same property lives in `fuzz/`.)

use ruchy_eval::{BufferOutput, Engine};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const VOCAB: &[&str] = &[
    "let",
    "mut",
    "x",
    "y",
    "f",
    "=",
    "==",
    "+",
    "-",
    "*",
    "/",
    "%",
    "**",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ",",
    ";",
    ":",
    "::",
    ".",
    "..",
    "..=",
    "=>",
    "->",
    "|",
    "||",
    "&&",
    "!",
    "?",
    "??",
    "|>",
    "fun",
    "fn",
    "if",
    "else",
    "match",
    "for",
    "in",
    "while",
    "loop",
    "break",
    "continue",
    "return",
    "struct",
    "enum",
    "impl",
    "trait",
    "class",
    "try",
    "catch",
    "finally",
    "throw",
    "Some",
    "None",
    "Ok",
    "Err",
    "nil",
    "true",
    "false",
    "0",
    "1",
    "-1",
    "2.5",
    "9223372036854775807",
    "\"s\"",
    "'c'",
    "f\"{x}\"",
    "\n",
    " ",
    "println",
    "self",
    "Self",
    "P",
    "P { x: 1 }",
    "[1, 2]",
    "{a: 1}",
    "x.len()",
    "'a:",
    "@b:",
    "_",
    "@",
    "#",
    "/*",
    "*/",
    "//",
    "\"",
    "f\"{",
];

/// Parse, compile and run with a step budget; a panic is a test failure.
fn exercise(src: &str) -> Result<(), String> {
    let mut engine = Engine::new(Box::new(BufferOutput::default()));
    let mut budget = 300u32;
    engine.vm.set_interrupt(Some(Box::new(move || {
        budget = budget.saturating_sub(1);
        (budget == 0).then(|| "budget exhausted".to_string())
    })));
    let r = catch_unwind(AssertUnwindSafe(|| {
        let _ = engine.run(src, "<fuzz>", true);
    }));
    r.map_err(|_| format!("panic on input:\n{src}"))
}

fn conformance_sources() -> Vec<String> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/conformance");
    let mut out: Vec<(PathBuf, String)> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == "ruchy"))
                .filter_map(|p| std::fs::read_to_string(&p).ok().map(|s| (p, s)))
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out.into_iter().map(|(_, s)| s).collect()
}

fn mutate(rng: &mut Rng, src: &str) -> String {
    let mut bytes: Vec<u8> = src.as_bytes().to_vec();
    for _ in 0..1 + rng.below(4) {
        if bytes.is_empty() {
            break;
        }
        let at = rng.below(bytes.len());
        match rng.below(4) {
            0 => {
                let end = (at + 1 + rng.below(20)).min(bytes.len());
                bytes.drain(at..end);
            }
            1 => {
                let tok = VOCAB[rng.below(VOCAB.len())];
                bytes.splice(at..at, tok.bytes());
            }
            2 => {
                let end = (at + 1 + rng.below(30)).min(bytes.len());
                let chunk: Vec<u8> = bytes[at..end].to_vec();
                let to = rng.below(bytes.len());
                bytes.splice(to..to, chunk);
            }
            _ => bytes[at] = b"(){}[];,.+-\n\"'"[rng.below(14)],
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

/// Run `f` on a thread with a stack as large as the CLI's.
fn big_stack(f: impl FnOnce() -> Vec<String> + Send + 'static) -> Vec<String> {
    // The programs may write files (mutated conformance cases do): keep them out of the
    // source tree. Every test here reads its inputs through absolute paths.
    let work = std::env::temp_dir().join(format!("ruchy-robustness-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&work);
    let _ = std::env::set_current_dir(&work);
    std::thread::Builder::new()
        .stack_size(1 << 30)
        .spawn(f)
        .expect("thread")
        .join()
        .unwrap_or_else(|_| vec!["thread panicked".into()])
}

#[test]
fn random_token_soup_never_panics() {
    let failures = big_stack(|| {
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        let mut failures = Vec::new();
        for _ in 0..3000 {
            let n = 1 + rng.below(40);
            let src: Vec<&str> = (0..n).map(|_| VOCAB[rng.below(VOCAB.len())]).collect();
            if let Err(e) = exercise(&src.join(" ")) {
                failures.push(e);
            }
        }
        failures
    });
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn mutated_programs_never_panic() {
    let failures = big_stack(|| {
        let sources = conformance_sources();
        assert!(!sources.is_empty());
        let mut rng = Rng(0x2545_f491_4f6c_dd1d);
        let mut failures = Vec::new();
        for i in 0..1500 {
            let base = &sources[i % sources.len()];
            if let Err(e) = exercise(&mutate(&mut rng, base)) {
                failures.push(e);
            }
        }
        failures
    });
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn pathological_inputs_end_cleanly() {
    let failures = big_stack(|| {
        let inputs = vec![
            "(".repeat(100_000),
            format!("{}1{}", "(".repeat(5_000), ")".repeat(5_000)),
            format!("{}{}", "[".repeat(50_000), "]".repeat(50_000)),
            "{".repeat(50_000),
            format!("{}1", "-".repeat(100_000)),
            format!("{}true", "!".repeat(100_000)),
            "if x { ".repeat(20_000),
            format!("let x = {}", "1 + ".repeat(100_000) + "1"),
            "fun f() { f() }\nf()".to_string(),
            "let mut a = []\nfor i in 0..200000 { a = [a] }\nprintln(len(a))".to_string(),
            "let mut s = \"\"\nloop { s = s + \"x\" }".to_string(),
            "while true { }".to_string(),
            "fun f(n) { [n].map(|x| f(x + 1)) }\nf(0)".to_string(),
            "\"unterminated".to_string(),
            "f\"{".to_string(),
            "/* never closed".to_string(),
            "9".repeat(1000),
            "0x".to_string() + &"f".repeat(100),
            "let x = [0; 5]\nx[99999999999999]".to_string(),
            "\u{0}\u{1}\u{ffff}".to_string(),
        ];
        inputs
            .into_iter()
            .filter_map(|src| exercise(&src).err().map(|e| e.chars().take(300).collect()))
            .collect()
    });
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
