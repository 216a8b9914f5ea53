//! Any bytes as an official statute text: parse or a clean error, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = fatiao::official::parse(data);
});
