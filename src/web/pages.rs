//! What every page shares: the chrome (crisis contacts, navigation, who is signed in) and the
//! generic message page used for errors and confirmations.

use std::sync::OnceLock;

use askama::Template;

use crate::config::{Config, SupportLine};

static SUPPORT_LINES: OnceLock<Vec<SupportLine>> = OnceLock::new();

/// Remembers the configured crisis contacts for every page, error pages included.
pub fn set_support_lines(config: &Config) {
    let _ = SUPPORT_LINES.set(config.support_lines.clone());
}

/// Shared page furniture.
#[derive(Debug, Clone)]
pub struct Chrome {
    /// Crisis contacts, shown on every page.
    pub support: Vec<SupportLine>,
    /// The signed-in moderator's name, on moderator pages.
    pub moderator: Option<String>,
    /// Their CSRF token, for the sign-out form.
    pub csrf: String,
    /// Whether they may read the audit log.
    pub admin: bool,
}

impl Chrome {
    /// Chrome for public pages.
    pub fn plain() -> Self {
        Self {
            support: SUPPORT_LINES
                .get()
                .cloned()
                .unwrap_or_else(|| Config::default().support_lines),
            moderator: None,
            csrf: String::new(),
            admin: false,
        }
    }

    /// Chrome for a moderator's page.
    pub fn moderator(who: &crate::archive::SignedIn) -> Self {
        Self {
            moderator: Some(who.moderator().name.clone()),
            csrf: who.session.csrf.clone(),
            admin: who.moderator().role == crate::archive::Role::Admin,
            ..Self::plain()
        }
    }
}

/// A page with a heading, some paragraphs and links onward.
#[derive(Template)]
#[template(path = "message.html")]
pub struct MessagePage {
    /// Page title.
    pub title: String,
    /// Chrome.
    pub chrome: Chrome,
    /// Heading.
    pub heading: String,
    /// Paragraphs of text.
    pub paragraphs: Vec<String>,
    /// (href, label) links.
    pub links: Vec<(String, String)>,
}

/// Renders a template to an HTML response.
pub fn html(t: &impl Template) -> Result<axum::response::Html<String>, super::WebError> {
    Ok(axum::response::Html(t.render()?))
}
