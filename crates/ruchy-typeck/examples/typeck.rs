//! Print the inferred top-level types and the type errors of a Ruchy file:
//! `cargo run -p ruchy-typeck --example typeck -- FILE`.

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: typeck FILE");
        std::process::exit(2);
    };
    let src = std::fs::read_to_string(&path).unwrap_or_default();
    let parsed = ruchy_parser::parse(&src);
    let checked = ruchy_typeck::TypeChecker::new().check(&parsed.program);
    for b in &checked.bindings {
        println!("{} : {}", b.name, b.ty);
    }
    for e in &checked.errors {
        eprint!("{}", ruchy_typeck::render(e, &src, &path, false));
    }
    eprintln!("({} passes)", checked.passes);
}
