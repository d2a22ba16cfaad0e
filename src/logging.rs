//! Logs that never hold testimony: the binary's log subscriber, and a panic hook that records
//! only where a panic happened. A panic's message can quote whatever was being worked on (a
//! draft, a receipt code), so it is never written anywhere.

use std::sync::Once;

/// Logs to standard error, filtered by `CHORUS_LOG` (default `info,tantivy=warn`).
pub fn init() {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("CHORUS_LOG")
                .unwrap_or_else(|_| "info,tantivy=warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    quiet_panics();
}

/// Replaces the panic hook, once per process, with one that logs the file and line of a panic
/// and nothing it said. `CHORUS_DEBUG_PANICS=1` keeps the standard hook as well, for a
/// developer's own machine; never set it where real testimony is handled.
pub fn quiet_panics() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let standard = std::panic::take_hook();
        let debug = std::env::var("CHORUS_DEBUG_PANICS").is_ok_and(|v| v == "1");
        std::panic::set_hook(Box::new(move |info| {
            let location = info.location().map_or_else(
                || "unknown".to_owned(),
                |l| format!("{}:{}", l.file(), l.line()),
            );
            tracing::error!(%location, "a thread panicked (its message is not logged)");
            if debug {
                standard(info);
            }
        }));
    });
}
