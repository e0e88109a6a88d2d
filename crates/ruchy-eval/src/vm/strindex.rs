//! Character positions in strings in amortised constant time: a cursor remembers each of
//! the last strings indexed (whether it is ASCII, its character count, the last position
//! found), so scanning `s[i]` or `s.char_at(i)` for i = 0, 1, 2 … is linear, not quadratic.

use super::Vm;
use crate::error::{err, VResult};
use crate::value::Value;
use std::rc::{Rc, Weak};

pub(crate) struct StrCursor {
    /// The string; a weak reference keeps its allocation (so its address is not reused)
    /// without keeping it shared: `s += x` still appends in place.
    text: Weak<String>,
    ascii: bool,
    chars: usize,
    /// A character index and its byte offset.
    ci: usize,
    bi: usize,
}

impl Default for StrCursor {
    fn default() -> StrCursor {
        StrCursor {
            text: Weak::new(),
            ascii: true,
            chars: 0,
            ci: 0,
            bi: 0,
        }
    }
}

/// Cursors for the last few strings indexed (two strings compared position by position,
/// as in an edit distance, keep one each).
#[derive(Default)]
pub(crate) struct StrCursors {
    slots: [StrCursor; 4],
    /// The slot the next new string replaces.
    next: usize,
}

fn char_len(lead: u8) -> usize {
    match lead {
        0..=0x7f => 1,
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        _ => 4,
    }
}

impl Vm {
    fn cursor(&mut self, s: &Rc<String>) -> &mut StrCursor {
        // the same allocation, alive (the weak reference keeps the address from reuse), and
        // strings are never changed in place while shared: the same text
        let cursors = &mut self.str_cursors;
        let hit = cursors
            .slots
            .iter()
            .position(|c| std::ptr::eq(c.text.as_ptr(), Rc::as_ptr(s)));
        let at = match hit {
            Some(at) => at,
            None => {
                let at = cursors.next;
                cursors.next = (at + 1) % cursors.slots.len();
                let ascii = s.is_ascii();
                cursors.slots[at] = StrCursor {
                    text: Rc::downgrade(s),
                    ascii,
                    chars: if ascii { s.len() } else { s.chars().count() },
                    ci: 0,
                    bi: 0,
                };
                at
            }
        };
        &mut cursors.slots[at]
    }

    /// The number of characters of `s`.
    pub(crate) fn char_count(&mut self, s: &Rc<String>) -> usize {
        self.cursor(s).chars
    }

    /// The byte offset of character `k` (at most the character count).
    pub(crate) fn char_offset(&mut self, s: &Rc<String>, k: usize) -> usize {
        let bytes = s.as_bytes();
        let c = self.cursor(s);
        if c.ascii {
            return k.min(bytes.len());
        }
        let k = k.min(c.chars);
        // walk from the cursor, or from the start when that is nearer
        if k < c.ci && k < c.ci - k {
            c.ci = 0;
            c.bi = 0;
        }
        while c.ci < k {
            c.bi += char_len(bytes[c.bi]);
            c.ci += 1;
        }
        while c.ci > k {
            c.bi -= 1;
            while bytes[c.bi] & 0xc0 == 0x80 {
                c.bi -= 1;
            }
            c.ci -= 1;
        }
        c.bi
    }

    /// `obj[idx]`: a string by its character cursors, anything else as `data::get_index`.
    pub(crate) fn index_value(&mut self, obj: &Value, idx: &Value) -> VResult<Value> {
        match (obj, idx) {
            (Value::Str(s), Value::Int(k)) => self.string_index(s, *k),
            (x, k) => super::data::get_index(x, k),
        }
    }

    /// The character at index `i` (negative from the end), as `s[i]` reads it.
    pub(crate) fn string_index(&mut self, s: &Rc<String>, i: i64) -> VResult<Value> {
        let c = self.cursor(s);
        let (n, ascii) = (c.chars, c.ascii);
        match super::data::norm_index(i, n) {
            // (ASCII: the character is the byte, no walk)
            Some(k) if ascii => Ok(Value::SStr(crate::value::SmallStr::byte(s.as_bytes()[k]))),
            Some(k) => Ok(self.char_value(s, k)),
            None => err(format!("Index {i} out of bounds for string of length {n}")),
        }
    }

    /// The character at index `k` (below the character count).
    pub(crate) fn char_value(&mut self, s: &Rc<String>, k: usize) -> Value {
        let at = self.char_offset(s, k);
        let len = char_len(s.as_bytes()[at]);
        Value::str(&s[at..at + len])
    }

    /// The characters from `a` to `b` (character indexes, `a <= b <= count`).
    pub(crate) fn char_range(&mut self, s: &Rc<String>, a: usize, b: usize) -> Value {
        let start = self.char_offset(s, a);
        let end = self.char_offset(s, b);
        Value::str(&s[start..end])
    }
}
