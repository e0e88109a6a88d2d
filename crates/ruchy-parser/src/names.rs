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
