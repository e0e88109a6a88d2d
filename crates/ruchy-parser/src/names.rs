//! Names the whole toolchain agrees on: spellings of the same builtin method.

/// The canonical name of a builtin method written under another spelling (`length` is
/// `len`, `parse_int` as a method is `to_int`, …); any other name is returned as it is.
/// The evaluator and the type checker both resolve method names through this.
pub fn canonical_method(name: &str) -> &str {
    match name {
        "length" => "len",
        "each" => "for_each",
        "append" => "concat",
        "to_owned" | "as_str" | "copied" | "into" | "as_slice" => "clone",
        // the global parse_int / parse_float as string methods
        "parse_float" => "to_float",
        "parse_int" => "to_int",
        other => other,
    }
}

/// A macro call (`format!(…)`) or a builtin written with its standard-library module path (`std::process::exit`,
/// `std::collections::HashMap::new`, `std::cmp::max`) names the same builtin as the short
/// form the evaluator and the type checker know (`exit`, `HashMap::new`, `max`).
pub fn builtin_path(path: &str) -> &str {
    // a macro (`println!`, `format!`) is its builtin
    let path = path.strip_suffix('!').unwrap_or(path);
    let p = path.strip_prefix("std::").unwrap_or(path);
    [
        "collections::",
        "process::",
        "cmp::",
        "string::",
        "vec::",
        "fs::",
    ]
    .iter()
    .find_map(|m| p.strip_prefix(m))
    .unwrap_or(p)
}
