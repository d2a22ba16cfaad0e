//! What every page shares: the chrome (crisis contacts, navigation, who is signed in), the
//! generic message page used for errors and confirmations, and the view parts several pages
//! print (checkboxes, a conversation's messages).

use std::sync::OnceLock;

use askama::Template;

use crate::archive::{Message, Sender};
use crate::config::{Config, SupportLine};
use crate::dates::month_label;
use crate::taxonomy::{taxonomy, Term};

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
    /// The stylesheet's address, named by its content's hash (so it can be cached for ever).
    pub stylesheet: &'static str,
    /// Where the quick-exit link goes.
    pub quick_exit: &'static str,
}

/// The quick-exit link's destination: a neutral, widely used page (a weather forecast) that
/// looks unremarkable on a shared screen. It is a link the reader follows, not a request our
/// pages make.
pub const QUICK_EXIT: &str = "https://www.bbc.co.uk/weather";

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
            stylesheet: super::assets::stylesheet_href(),
            quick_exit: QUICK_EXIT,
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

/// A checkbox or radio button: its value, its label, and whether it is ticked.
pub struct Choice {
    /// The value sent when ticked.
    pub value: String,
    /// What the reader sees beside it.
    pub label: String,
    /// Whether it is ticked.
    pub checked: bool,
}

/// One checkbox per term, ticked where its slug is in `chosen`.
pub fn choices(terms: &[Term], chosen: &[String]) -> Vec<Choice> {
    ticked(terms.iter().map(|t| (&t.slug, &t.name)), chosen)
}

/// One checkbox per theme, ticked where its slug is in `chosen`.
pub fn theme_choices(chosen: &[String]) -> Vec<Choice> {
    ticked(taxonomy().themes.iter().map(|t| (&t.slug, &t.name)), chosen)
}

fn ticked<'a>(
    slugs_and_names: impl Iterator<Item = (&'a String, &'a String)>,
    chosen: &[String],
) -> Vec<Choice> {
    slugs_and_names
        .map(|(slug, name)| Choice {
            value: slug.clone(),
            label: name.clone(),
            checked: chosen.contains(slug),
        })
        .collect()
}

/// One message of a conversation, ready to print.
pub struct MessageView {
    /// The list item's class: `from-moderator` or `from-contributor`.
    pub class: &'static str,
    /// Who wrote it, as this reader should see it.
    pub who: &'static str,
    /// The month it was sent.
    pub sent: String,
    /// What was said.
    pub body: String,
}

impl MessageView {
    /// As a moderator reads it: each side by its role.
    pub fn for_moderators(m: Message) -> Self {
        Self::new(m, Sender::as_str)
    }

    /// As the contributor reads it: moderators are never named to them.
    pub fn for_contributor(m: Message) -> Self {
        Self::new(m, |s| match s {
            Sender::Moderator => "A moderator",
            Sender::Contributor => "You",
        })
    }

    fn new(m: Message, who: impl Fn(Sender) -> &'static str) -> Self {
        Self {
            class: match m.sender {
                Sender::Moderator => "from-moderator",
                Sender::Contributor => "from-contributor",
            },
            who: who(m.sender),
            sent: month_label(&m.sent_on),
            body: m.body,
        }
    }
}

/// Renders a template to an HTML response.
pub fn html(t: &impl Template) -> Result<axum::response::Html<String>, super::WebError> {
    Ok(axum::response::Html(t.render()?))
}
