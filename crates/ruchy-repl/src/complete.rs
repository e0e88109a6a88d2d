//! Tab completion: keywords, builtins and bindings, methods after `.` for the receiver's
//! kind, and `:commands`.

use crate::Session;
use ruchy_eval::builtins;
use ruchy_eval::Value;

const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "catch", "class", "const", "continue", "else", "enum",
    "false", "finally", "fn", "for", "fun", "if", "impl", "in", "let", "loop", "match", "mod",
    "mut", "nil", "pub", "return", "self", "Self", "struct", "throw", "trait", "true", "try",
    "use", "var", "while", "Some", "None", "Ok", "Err",
];

const COMMANDS: &[&str] = &[
    ":help", ":quit", ":exit", ":type", ":inspect", ":vars", ":env", ":load", ":reset", ":history",
    ":clear", ":ast",
];

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Where the identifier characters at the end of `s` start (a byte index on a character
/// boundary, whatever characters come before).
fn word_start(s: &str) -> usize {
    s.char_indices()
        .rev()
        .find(|&(_, c)| !is_ident(c))
        .map_or(0, |(i, c)| i + c.len_utf8())
}

/// Candidates for the word before `pos`: returns where the word starts and the full
/// replacements, sorted.
pub fn complete(session: &mut Session, line: &str, pos: usize) -> (usize, Vec<String>) {
    let mut pos = pos.min(line.len());
    while !line.is_char_boundary(pos) {
        pos -= 1;
    }
    let before = &line[..pos];
    let start = word_start(before);
    let word = &before[start..];
    if before.trim_start().starts_with(':') && !before.contains(' ') {
        let s = before.len() - before.trim_start().len();
        return (
            s,
            filter(COMMANDS.iter().map(|c| c.to_string()), before.trim_start()),
        );
    }
    let mut out: Vec<String> = Vec::new();
    if start > 0 && before[..start].ends_with('.') {
        let recv = &before[..start - 1];
        out.extend(member_names(session, recv));
    } else if before[..start].ends_with("::") {
        let path = &before[..start - 2];
        out.extend(path_names(session, &path[word_start(path)..]));
    } else {
        out.extend(KEYWORDS.iter().map(|k| k.to_string()));
        out.extend(builtins::names().map(|n| n.to_string()));
        out.extend(
            session
                .engine()
                .vm
                .env
                .bindings()
                .into_iter()
                .map(|(n, _)| n.to_string()),
        );
        out.extend(
            session
                .engine()
                .vm
                .env
                .type_names
                .keys()
                .map(|n| n.to_string()),
        );
    }
    (start, filter(out.into_iter(), word))
}

fn filter(items: impl Iterator<Item = String>, prefix: &str) -> Vec<String> {
    let mut v: Vec<String> = items.filter(|c| c.starts_with(prefix)).collect();
    ruchy_parser::sort::sort(&mut v);
    v.dedup();
    v
}

/// What may follow `Type::`: an enum's variants and the type's associated functions.
fn path_names(session: &mut Session, ty: &str) -> Vec<String> {
    let env = &session.engine().vm.env;
    let Some(&id) = env.type_names.get(ty) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if let ruchy_eval::env::TypeDef::Enum(e) = env.type_by_id(id) {
        out.extend(e.variants.iter().map(|v| v.name.to_string()));
    }
    out.extend(
        env.methods
            .keys()
            .filter(|(t, _)| *t == id)
            .map(|&(_, m)| env.name(m).to_string()),
    );
    out
}

/// A sample value for the receiver text before a `.`: a bound variable or a literal.
fn receiver_value(session: &mut Session, recv: &str) -> Option<Value> {
    let r = recv.trim_end();
    if r.ends_with('"') || r.ends_with('\'') {
        return Some(Value::str(""));
    }
    let tail_start = word_start(r);
    let tail = &r[tail_start..];
    if tail.is_empty() {
        return if r.ends_with(']') && r.starts_with('[') {
            Some(Value::array(Vec::new()))
        } else {
            None
        };
    }
    if tail.chars().all(|c| c.is_ascii_digit()) {
        return Some(if r[..tail_start].ends_with('.') {
            Value::Float(0.0)
        } else {
            Value::Int(0)
        });
    }
    let env = &session.engine().vm.env;
    let &g = env.global_names.get(tail)?;
    match &env.globals[g as usize] {
        Value::Undefined | Value::Builtin(_) => None,
        v => Some(v.clone()),
    }
}

fn member_names(session: &mut Session, recv: &str) -> Vec<String> {
    let Some(v) = receiver_value(session, recv) else {
        return Vec::new();
    };
    let mut out: Vec<String> = builtins::METHOD_NAMES
        .iter()
        .enumerate()
        .filter(|(i, _)| builtins::has_method(*i as u16, &v))
        .map(|(_, n)| n.to_string())
        .collect();
    let env = &session.engine().vm.env;
    let type_id = match &v {
        Value::Struct(s) => {
            out.extend(s.ty.field_names.iter().map(|f| f.to_string()));
            Some(s.ty.id)
        }
        Value::Enum(e) => Some(e.ty.id),
        Value::Map(m) => {
            out.extend(m.keys().filter_map(|k| k.as_str().map(str::to_string)));
            None
        }
        _ => None,
    };
    if let Some(id) = type_id {
        out.extend(
            env.methods
                .keys()
                .filter(|(t, _)| *t == id)
                .map(|(_, sym)| env.name(*sym).to_string()),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use ruchy_eval::BufferOutput;

    #[test]
    fn completes_bindings_keywords_and_methods() {
        let mut s = Session::new(Box::new(BufferOutput::default()), None);
        s.run_input("let counter = 1");
        s.run_input("fun compute(x) { x }");
        s.run_input("let names = [\"a\"]");
        s.run_input("struct P { x: i32 }");
        s.run_input("impl P { fun norm(&self) { self.x } }");
        s.run_input("let p = P { x: 1 }");
        assert_eq!(complete(&mut s, "cou", 3), (0, vec!["counter".to_string()]));
        assert_eq!(
            complete(&mut s, "let y = comp", 12).1,
            vec!["compute".to_string()]
        );
        assert!(complete(&mut s, "whi", 3).1.contains(&"while".to_string()));
        assert!(complete(&mut s, "prin", 4)
            .1
            .contains(&"println".to_string()));
        let (start, m) = complete(&mut s, "names.pu", 8);
        assert_eq!((start, &m[0]), (6, &"push".to_string()));
        assert!(m.iter().all(|n| n.starts_with("push")));
        assert!(complete(&mut s, "\"abc\".to_up", 11)
            .1
            .contains(&"to_upper".to_string()));
        let members = complete(&mut s, "p.", 2).1;
        assert!(members.contains(&"norm".to_string()) && members.contains(&"x".to_string()));
        assert_eq!(complete(&mut s, ":he", 3), (0, vec![":help".to_string()]));
    }

    #[test]
    fn non_ascii_text_before_the_word_is_fine() {
        let mut s = Session::new(Box::new(BufferOutput::default()), None);
        s.run_input("let counter = 1");
        for line in [
            "é",
            "aé",
            "x + é",
            "café",
            "é.",
            "ab😀c",
            "中文",
            "let s = \"é",
        ] {
            for pos in 0..=line.len() + 1 {
                let _ = complete(&mut s, line, pos);
            }
        }
        assert_eq!(
            complete(&mut s, "é+cou", 7),
            (3, vec!["counter".to_string()])
        );
        assert!(complete(&mut s, "\"é\".to_up", 12)
            .1
            .contains(&"to_upper".to_string()));
    }

    #[test]
    fn completes_variants_and_associated_functions_after_a_type() {
        let mut s = Session::new(Box::new(BufferOutput::default()), None);
        s.run_input("enum Shape { Circle, Square }");
        s.run_input("impl Shape { fun unit() { Shape::Circle } }");
        assert_eq!(
            complete(&mut s, "let x = Shape::", 15).1,
            vec!["Circle", "Square", "unit"]
        );
        assert_eq!(
            complete(&mut s, "Shape::Ci", 9),
            (7, vec!["Circle".to_string()])
        );
    }
}
