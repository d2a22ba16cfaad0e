//! The identifier detector and its redaction on any text: findings lie on character boundaries
//! in order without overlap, their text is the text at their offsets, and redacting them leaves
//! none of them in place.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let findings = chorus::pii::find_identifiers(text);
    let mut at = 0;
    for f in &findings {
        assert!(at <= f.start && f.start < f.end && f.end <= text.len());
        assert_eq!(&text[f.start..f.end], f.text);
        at = f.end;
    }
    let redacted = chorus::pii::redact(text, &findings);
    if !findings.is_empty() {
        assert_ne!(redacted, text);
    }
});
