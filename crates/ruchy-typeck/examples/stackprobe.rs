//! Probe: parse (and optionally check) deeply nested inputs on a small stack.
fn nested(open: &str, core: &str, close: &str, depth: usize) -> String {
    format!("{}{core}{}\n", open.repeat(depth), close.repeat(depth))
}
fn main() {
    let which: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(0);
    let check = std::env::args().nth(2).is_some_and(|a| a == "c");
    let depth: usize = std::env::args()
        .nth(3)
        .and_then(|a| a.parse().ok())
        .unwrap_or(390);
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
    let src = cases[which].clone();
    std::thread::Builder::new()
        .stack_size(
            std::env::var("STACK_KB")
                .ok()
                .and_then(|s| s.parse::<usize>().ok())
                .unwrap_or(2048)
                * 1024,
        )
        .spawn(move || {
            let parsed = ruchy_parser::parse(&src);
            if check {
                let _ = ruchy_typeck::TypeChecker::new().check(&parsed.program);
            }
        })
        .unwrap()
        .join()
        .unwrap();
    println!("ok {which} {check}");
}
