//! Log lines captured in memory, for tests that read what a tracing subscriber wrote.

use std::io::Write;
use std::sync::{Arc, Mutex};

/// A `Write` that keeps everything written to it; clones share the buffer, so one
/// clone goes to the subscriber and the test reads the other.
#[derive(Clone, Default)]
pub struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    /// Everything written so far.
    pub fn text(&self) -> String {
        String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
    }
}
