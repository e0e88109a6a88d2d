//! Where program output goes: the engine never touches stdout itself.

/// A sink for `print`/`println` output.
pub trait Output {
    fn write_str(&mut self, s: &str);
    /// `eprint`/`eprintln`; by default mixed into the normal output.
    fn write_err(&mut self, s: &str) {
        self.write_str(s);
    }
    fn flush(&mut self) {}
}

/// Collects output in memory (tests, the browser REPL).
#[derive(Default, Debug)]
pub struct BufferOutput {
    pub text: String,
}

impl Output for BufferOutput {
    fn write_str(&mut self, s: &str) {
        self.text.push_str(s);
    }
}

/// Shares a buffer with the caller, who can drain it after each evaluation.
#[derive(Clone, Default)]
pub struct SharedOutput(pub std::rc::Rc<std::cell::RefCell<String>>);

impl SharedOutput {
    pub fn take(&self) -> String {
        std::mem::take(&mut self.0.borrow_mut())
    }
}

impl Output for SharedOutput {
    fn write_str(&mut self, s: &str) {
        self.0.borrow_mut().push_str(s);
    }
}

/// Keeps `print` and `eprint` output apart, shared with the caller (the §16.4 entry point).
#[derive(Clone, Default)]
pub struct CaptureOutput {
    pub stdout: std::rc::Rc<std::cell::RefCell<String>>,
    pub stderr: std::rc::Rc<std::cell::RefCell<String>>,
}

impl Output for CaptureOutput {
    fn write_str(&mut self, s: &str) {
        self.stdout.borrow_mut().push_str(s);
    }
    fn write_err(&mut self, s: &str) {
        self.stderr.borrow_mut().push_str(s);
    }
}
