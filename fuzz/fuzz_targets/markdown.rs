//! The Markdown pipeline (render, sanitise, blocks, plain text, marks) on any text: it must not
//! panic, and nesting in what it writes must stay within the bounds.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(src) = std::str::from_utf8(data) else {
        return;
    };
    let src = chorus::archive::clean_text(src);
    let html = chorus::markdown::render(&src);
    assert!(html.matches("<blockquote>").count() <= src.matches('>').count());
    let _ = chorus::markdown::render_blocks(&src);
    let _ = chorus::markdown::paragraph_texts(&src);
    let findings = chorus::pii::find_identifiers(&src);
    let _ = chorus::archive::highlighted_html(&src, &findings);
});
