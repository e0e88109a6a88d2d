//! Unicode case mapping for `to_upper` / `to_lower`.
//!
//! Natively this is the standard library's `str::to_uppercase` / `to_lowercase`. The browser
//! build asks the JavaScript engine (`String.prototype.toUpperCase` / `toLowerCase`), which
//! applies the same Unicode mappings (special casing such as `ß` → `SS` and the final sigma
//! included), so the module does not carry its own copy of the case tables (about 34 KB).
//! ASCII strings take a fast path on both.

/// `s` in upper case.
pub fn upper(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_uppercase();
    }
    #[cfg(not(target_arch = "wasm32"))]
    return s.to_uppercase();
    #[cfg(target_arch = "wasm32")]
    return js::upper(s);
}

/// `s` in lower case.
pub fn lower(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    #[cfg(not(target_arch = "wasm32"))]
    return s.to_lowercase();
    #[cfg(target_arch = "wasm32")]
    return js::lower(s);
}

#[cfg(target_arch = "wasm32")]
mod js {
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen]
    extern "C" {
        /// `String.prototype.toUpperCase.call(s)`
        #[wasm_bindgen(js_namespace = ["String", "prototype", "toUpperCase"], js_name = call)]
        pub fn upper(s: &str) -> String;
        /// `String.prototype.toLowerCase.call(s)`
        #[wasm_bindgen(js_namespace = ["String", "prototype", "toLowerCase"], js_name = call)]
        pub fn lower(s: &str) -> String;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_ascii_and_unicode() {
        assert_eq!(upper("abc-1"), "ABC-1");
        assert_eq!(lower("ÀÉÎ Straße"), "àéî straße");
        assert_eq!(upper("straße"), "STRASSE");
        assert_eq!(lower("ΟΔΟΣ"), "οδο\u{3c2}");
    }
}
