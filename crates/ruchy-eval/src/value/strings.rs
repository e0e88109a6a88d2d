//! Inline storage for short strings (up to 14 bytes), so chars and short words never allocate.

#[derive(Clone, Copy)]
pub struct SmallStr {
    len: u8,
    bytes: [u8; 14],
}

impl SmallStr {
    pub const CAP: usize = 14;

    pub fn new(s: &str) -> Option<SmallStr> {
        if s.len() > Self::CAP {
            return None;
        }
        let mut bytes = [0u8; 14];
        bytes[..s.len()].copy_from_slice(s.as_bytes());
        Some(SmallStr {
            len: s.len() as u8,
            bytes,
        })
    }

    /// A one-character string of an ASCII byte.
    pub fn byte(b: u8) -> SmallStr {
        debug_assert!(b.is_ascii());
        let mut bytes = [0u8; 14];
        bytes[0] = b;
        SmallStr { len: 1, bytes }
    }

    /// The same text: the bytes past `len` are always zero, so the whole arrays compare.
    pub fn same(&self, other: &SmallStr) -> bool {
        self.len == other.len && self.bytes == other.bytes
    }

    pub fn as_str(&self) -> &str {
        // SAFETY: the bytes were copied from a `&str` of exactly `len` bytes.
        unsafe { std::str::from_utf8_unchecked(&self.bytes[..self.len as usize]) }
    }
}

impl std::fmt::Debug for SmallStr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}", self.as_str())
    }
}
