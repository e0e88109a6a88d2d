//! Decimal text to `f64` with the result of `str::parse::<f64>`, smaller in the browser build.
//!
//! Natively this is `str::parse`. On wasm32 the text is checked against the same grammar here
//! and then converted by the JavaScript engine's `Number()`, which rounds correctly too; the
//! module then does not carry core's own decimal-to-float code and its 10 KB power-of-five
//! table.

/// `s.parse::<f64>().ok()`: an optional sign, then `inf`, `infinity` or `nan` (any case), or
/// digits with an optional `.` and fraction (at least one digit) and an optional exponent.
pub fn parse_f64(s: &str) -> Option<f64> {
    #[cfg(not(target_arch = "wasm32"))]
    return s.parse().ok();
    #[cfg(target_arch = "wasm32")]
    {
        if let Some(v) = special(s) {
            return Some(v);
        }
        is_decimal(s).then(|| js::number(s))
    }
}

/// The signed words `inf`, `infinity` and `nan`, in any case.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
fn special(s: &str) -> Option<f64> {
    let (neg, rest) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let v = if rest.eq_ignore_ascii_case("inf") || rest.eq_ignore_ascii_case("infinity") {
        f64::INFINITY
    } else if rest.eq_ignore_ascii_case("nan") {
        f64::NAN
    } else {
        return None;
    };
    Some(if neg { -v } else { v })
}

/// `[+-]? digits* ('.' digits*)? ([eE] [+-]? digits+)?` with at least one mantissa digit.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
fn is_decimal(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = usize::from(matches!(b.first(), Some(b'+' | b'-')));
    let digits = |i: &mut usize| {
        let start = *i;
        while b.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i - start
    };
    let mut mantissa = digits(&mut i);
    if b.get(i) == Some(&b'.') {
        i += 1;
        mantissa += digits(&mut i);
    }
    if mantissa == 0 {
        return false;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        i += usize::from(matches!(b.get(i), Some(b'+' | b'-')));
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

#[cfg(target_arch = "wasm32")]
mod js {
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen]
    extern "C" {
        /// The global `Number(s)`.
        #[wasm_bindgen(js_name = Number)]
        pub fn number(s: &str) -> f64;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The grammar here accepts exactly what `str::parse::<f64>` accepts.
    #[test]
    fn grammar_matches_std() {
        let alphabet = [
            "", "0", "7", ".", "e", "E", "+", "-", "12", "x", " ", "_", "inf", "NaN",
        ];
        let mut checked = 0;
        for a in alphabet {
            for b in alphabet {
                for c in alphabet {
                    for d in alphabet {
                        let s = format!("{a}{b}{c}{d}");
                        let ours = special(&s).is_some() || is_decimal(&s);
                        assert_eq!(ours, s.parse::<f64>().is_ok(), "{s:?}");
                        checked += 1;
                    }
                }
            }
        }
        assert!(checked > 30_000);
        for s in [
            "Infinity", "-INF", "+nan", "1.e5", ".5", "5.", "-0.0e-0", "1e400",
        ] {
            assert!(special(s).is_some() || is_decimal(s), "{s}");
            assert!(s.parse::<f64>().is_ok(), "{s}");
        }
        assert_eq!(parse_f64("2.5e3"), Some(2500.0));
        assert_eq!(parse_f64("1e"), None);
    }
}
