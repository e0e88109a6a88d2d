//! Comments, attributes and line breaks between tokens, read back from the source text.

/// What lies between two tokens besides plain whitespace.
#[derive(Clone, Debug, PartialEq)]
pub enum Piece {
    /// `// …`, `# …`, `#!…` to the end of the line (text without the line break).
    Line(String),
    /// `/* … */` (nesting) or a `#[…]` attribute, copied verbatim.
    Inline(String),
}

/// One piece together with the number of line breaks in the whitespace before it.
#[derive(Clone, Debug, PartialEq)]
pub struct Gap {
    pub pieces: Vec<(usize, Piece)>,
    /// Line breaks after the last piece (before the next token).
    pub trailing_newlines: usize,
}

/// Split the text between two tokens into comments and the line breaks around them.
pub fn scan_gap(text: &str) -> Gap {
    let b = text.as_bytes();
    let mut pos = 0;
    let mut nl = 0;
    let mut pieces = Vec::new();
    while pos < b.len() {
        match b[pos] {
            b'\n' => {
                nl += 1;
                pos += 1;
            }
            b'/' if b.get(pos + 1) == Some(&b'/') => {
                let end = line_end(b, pos);
                pieces.push((nl, Piece::Line(text[pos..end].trim_end().to_string())));
                nl = 0;
                pos = end;
            }
            b'#' if b.get(pos + 1) != Some(&b'[') => {
                let end = line_end(b, pos);
                pieces.push((nl, Piece::Line(text[pos..end].trim_end().to_string())));
                nl = 0;
                pos = end;
            }
            b'/' if b.get(pos + 1) == Some(&b'*') => {
                let end = block_end(b, pos);
                pieces.push((nl, Piece::Inline(text[pos..end].to_string())));
                nl = 0;
                pos = end;
            }
            b'#' => {
                let end = attr_end(b, pos);
                pieces.push((nl, Piece::Inline(text[pos..end].to_string())));
                nl = 0;
                pos = end;
            }
            _ => pos += 1,
        }
    }
    Gap {
        pieces,
        trailing_newlines: nl,
    }
}

fn line_end(b: &[u8], mut pos: usize) -> usize {
    while pos < b.len() && b[pos] != b'\n' {
        pos += 1;
    }
    pos
}

fn block_end(b: &[u8], start: usize) -> usize {
    let mut pos = start + 2;
    let mut depth = 1;
    while pos < b.len() {
        if b[pos] == b'/' && b.get(pos + 1) == Some(&b'*') {
            depth += 1;
            pos += 2;
        } else if b[pos] == b'*' && b.get(pos + 1) == Some(&b'/') {
            depth -= 1;
            pos += 2;
            if depth == 0 {
                return pos;
            }
        } else {
            pos += 1;
        }
    }
    b.len()
}

fn attr_end(b: &[u8], start: usize) -> usize {
    let mut pos = start + 1;
    let mut depth = 0;
    while pos < b.len() {
        match b[pos] {
            b'[' => depth += 1,
            b']' => {
                depth -= 1;
                if depth == 0 {
                    return pos + 1;
                }
            }
            _ => {}
        }
        pos += 1;
    }
    b.len()
}

/// Every comment and attribute of a whole source text, in order (the safety net compares these).
pub fn all_pieces(src: &str, tokens: &[crate::token::Token]) -> Vec<String> {
    let mut out = Vec::new();
    let mut prev = 0usize;
    for t in tokens {
        let start = (t.span.start as usize).max(prev);
        if let Some(gap) = src.get(prev..start) {
            for (_, p) in scan_gap(gap).pieces {
                out.push(match p {
                    Piece::Line(s) | Piece::Inline(s) => s,
                });
            }
        }
        prev = prev.max(t.span.end as usize);
    }
    if let Some(tail) = src.get(prev..) {
        for (_, p) in scan_gap(tail).pieces {
            out.push(match p {
                Piece::Line(s) | Piece::Inline(s) => s,
            });
        }
    }
    out
}
