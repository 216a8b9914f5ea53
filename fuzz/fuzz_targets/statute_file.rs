//! Any text as a statute file: validated or rejected with located errors, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(s) = std::str::from_utf8(data) {
        if let Err(errs) = fatiao::schema::parse_statute("fuzz.toml", s) {
            for e in errs {
                let _ = e.to_string();
            }
        }
    }
});
