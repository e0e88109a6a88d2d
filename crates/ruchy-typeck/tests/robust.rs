//! Hostile inputs: deep nesting (up to the parser's limit), types that grow with every line,
//! user types shadowing builtin names, long programs. Nothing may overflow the stack, panic
//! or take long.

use std::time::{Duration, Instant};

fn check(src: &str) -> ruchy_typeck::Checked {
    let parsed = ruchy_parser::parse(src);
    ruchy_typeck::TypeChecker::new().check(&parsed.program)
}

/// Run on a thread with a bounded stack. The parser itself needs about 12 MiB in a debug
/// build for input nested as deeply as it allows (400 levels); the checker stops descending
/// after 160 levels and adds nothing to that.
fn on_small_stack(f: impl FnOnce() + Send + 'static) {
    std::thread::Builder::new()
        .stack_size(32 << 20)
        .spawn(f)
        .expect("spawn")
        .join()
        .expect("no stack overflow or panic");
}

fn nested(open: &str, core: &str, close: &str, depth: usize) -> String {
    format!("{}{core}{}\n", open.repeat(depth), close.repeat(depth))
}

#[test]
fn deep_nesting_is_safe() {
    on_small_stack(|| {
        for depth in [50, 150, 390] {
            let cases = [
                nested("[", "1", "]", depth),
                nested("(", "1", ")", depth),
                nested("{ ", "1", " }", depth),
                nested("if true { ", "1", " } else { 2 }", depth),
                nested("|x| ", "x", "", depth),
                nested("f(", "1", ")", depth),
                nested("-", "1", "", depth),
                format!("let x = {}", nested("Some(", "1", ")", depth)),
                format!(
                    "fun f(a) {{ {} }}",
                    nested("match a { _ => ", "a", " }", depth)
                ),
            ];
            for src in cases {
                let parsed = ruchy_parser::parse(&src);
                let _ = ruchy_typeck::TypeChecker::new().check(&parsed.program);
            }
        }
    });
}

#[test]
fn long_operator_chains_are_safe() {
    on_small_stack(|| {
        let src = format!("let x = {}1\n", "1 + ".repeat(3000));
        let _ = check(&src);
        let src = format!("let x = [1]{}\n", ".map(|v| v)".repeat(500));
        let _ = check(&src);
    });
}

#[test]
fn growing_types_stay_small_and_fast() {
    on_small_stack(|| {
        let start = Instant::now();
        // each line doubles the size of the previous type
        let mut src = String::from("let a0 = 1\n");
        for i in 1..2000 {
            src.push_str(&format!("let a{i} = (a{}, a{})\n", i - 1, i - 1));
        }
        let checked = check(&src);
        assert!(checked.errors.is_empty());
        // each line nests the previous type one level deeper
        let mut src = String::from("let b0 = 1\n");
        for i in 1..5000 {
            src.push_str(&format!("let b{i} = [b{}]\n", i - 1));
        }
        src.push_str("fun f(x) { [x] }\nlet c = f(f(f(f(f(f(f(f(1))))))))\n");
        let checked = check(&src);
        assert!(checked.errors.is_empty());
        assert!(start.elapsed() < Duration::from_secs(20), "too slow");
    });
}

#[test]
fn user_types_named_like_builtins_do_not_panic() {
    let src = "struct Option { v }\nstruct Result {}\nenum Range { A }\nlet o = Option { v: 1 }\n\
               println(o.v, o.unwrap())\nfun f(x: Option) -> Result { x? }\nlet r = Result {}\n\
               match o { Some(x) => x, None => 0, Ok(v) => v }\nlet q: Option<i32, String> = nil\n";
    let _ = check(src);
    let src = "struct Point<T> { x: T }\nlet p: Point<i32, i32, i32> = Point { x: 1 }\n\
               enum E<A> { V(A, A) }\nlet e = E::V(1)\nlet z = E::V(1, 2, 3)\nmatch e { E::V(a) => a, E::V(a, b, c) => a }\n";
    let _ = check(src);
}

#[test]
fn broken_programs_do_not_panic() {
    let sources = [
        "let = 1\nfun (x) {\nstruct { }\n",
        "fun f(x { x }\nf(1)\n",
        "impl Missing { fun m(&self) { self.x } }\nlet v = Missing::m(1)\n",
        "x.y.z = 5\n[1][2][3] = 4\n(1, 2).0 = 3\n",
        "fun f() { return }\nbreak\ncontinue\nreturn 5\n",
        "let f = |a, b = 1| a\nf()\nf(1, 2, 3)\nf(b = 2)\nf(c = 1)\n",
        "mod m { mod n { fun g() { 1 } } }\nm::n::g()\nm.n.g()\n",
        "trait T { fun a(&self) { self.b() } fun b(&self) }\nimpl T for Nope {}\n",
    ];
    for src in sources {
        let _ = check(src);
    }
}

#[test]
fn a_long_generated_program_checks_quickly() {
    #[path = "gen/mod.rs"]
    mod gen;
    let src = gen::program(3000, 7);
    let start = Instant::now();
    let checked = check(&src);
    assert!(checked.errors.is_empty(), "{:?}", checked.errors.first());
    // generous: debug builds on a loaded machine
    assert!(start.elapsed() < Duration::from_secs(10));
}
