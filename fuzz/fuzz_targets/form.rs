//! Form decoding on any bytes: it answers or refuses, and what it decodes is valid text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(params) = chorus::web::Params::parse(data) {
        for (name, value) in &params.0 {
            let _ = params.get(name);
            let _ = params.all(name);
            assert!(!value.contains('+') || data.contains(&b'%'));
        }
        let _ = params.flag("consent_publish");
        let _ = params.number("page");
    }
});
