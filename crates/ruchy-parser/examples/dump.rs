//! Print the AST dump (or errors) of a file: `cargo run -p ruchy-parser --example dump FILE`.
fn main() {
    let path = std::env::args().nth(1).expect("usage: dump FILE");
    let src = std::fs::read_to_string(&path).expect("read");
    let r = ruchy_parser::parse(&src);
    for e in &r.errors {
        eprint!("{}", ruchy_parser::render(e, &src, &path, false));
    }
    print!("{}", ruchy_parser::dump::dump_program(&r.program));
}
