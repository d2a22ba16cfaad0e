//! Evidence packs: sets of published stories or single paragraphs, gathered without an account.
//! A pack has a public read address and a private edit link whose secret is kept only as a keyed
//! hash; each item pins the version it cites. Here: making and editing a pack, reports and
//! unpublishing; `pack_reading` resolves items to their text and writes the exports.

use rusqlite::Connection;

use super::{audit, clean_text, clean_title, Archive, ArchiveError, Result, SignedIn};
use crate::auth::constant_time_eq;
use crate::dates::{Day, Month};
use crate::ids::{PackId, PackSecret, StoryId};
use crate::store::{self, AuditAction, PackRecord, PackReport, PackState, StoryState};

/// Longest pack title, in characters.
pub const MAX_PACK_TITLE_CHARS: usize = 200;
/// Largest introduction, in bytes of Markdown.
pub const MAX_PACK_INTRO_BYTES: usize = 20_000;
/// Most items one pack holds.
pub const MAX_PACK_ITEMS: usize = 200;

/// What to add to a pack: a story at a version (the latest when `None`), perhaps one paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackItemRef {
    /// The story.
    pub story_id: StoryId,
    /// The version; the latest at the time of adding when `None`.
    pub version: Option<i64>,
    /// The paragraph (¶, from 1), or the whole story.
    pub paragraph: Option<u32>,
}

impl PackItemRef {
    /// Reads a story's address as a reader copies it: `/stories/{id}`, `/stories/{id}/v/{n}`
    /// with or without `#p{k}`, or a cite page's `?v=n&p=k`, with or without the site's origin.
    pub fn from_address(address: &str) -> Option<Self> {
        let address = address.trim();
        let (path, anchor) = address.split_once('#').unwrap_or((address, ""));
        let (path, query) = path.split_once('?').unwrap_or((path, ""));
        let rest = &path[path.find("/stories/")? + "/stories/".len()..];
        let mut segments = rest.trim_end_matches('/').split('/');
        let story_id = StoryId::parse(segments.next()?)?;
        let number = |s: &str| s.parse::<i64>().ok().filter(|n| *n >= 1);
        let mut version = None;
        let mut paragraph = anchor.strip_prefix('p').and_then(number);
        match (segments.next(), segments.next(), segments.next()) {
            (None, _, _) | (Some("cite"), None, _) => {}
            (Some("v"), Some(n), None) => version = Some(number(n)?),
            _ => return None,
        }
        for pair in query.split('&') {
            match pair.split_once('=') {
                Some(("v", n)) => version = Some(number(n)?),
                Some(("p", n)) => paragraph = Some(number(n)?),
                _ => {}
            }
        }
        let paragraph = match paragraph {
            Some(p) => Some(u32::try_from(p).ok()?),
            None => None,
        };
        Some(Self {
            story_id,
            version,
            paragraph,
        })
    }
}

/// A new pack: its id, and the secret of its edit link, shown this once.
#[derive(Debug)]
pub struct NewPack {
    /// Public id.
    pub id: PackId,
    /// The edit secret (never stored as such).
    pub secret: PackSecret,
}

/// Packs for the transparency report.
#[derive(Debug, Clone, Copy, Default)]
pub struct PackCounts {
    /// Readable packs.
    pub public: u64,
    /// Packs taken down by moderators.
    pub unpublished: u64,
}

/// Checks a title and introduction as typed; every problem at once.
fn valid_text(title: &str, intro: &str) -> Result<(String, String)> {
    if intro.len() > MAX_PACK_INTRO_BYTES {
        return Err(ArchiveError::TooLarge(format!(
            "The introduction is {} KB; a pack's introduction can be up to {} KB.",
            intro.len().div_ceil(1000),
            MAX_PACK_INTRO_BYTES / 1000
        )));
    }
    let (title, intro) = (clean_title(title), clean_text(intro.trim()));
    if title.is_empty() {
        return Err(ArchiveError::Invalid(vec![
            "Please give the pack a title.".into()
        ]));
    }
    if title.chars().count() > MAX_PACK_TITLE_CHARS {
        return Err(ArchiveError::Invalid(vec![format!(
            "Please keep the pack's title to {MAX_PACK_TITLE_CHARS} characters or fewer."
        )]));
    }
    Ok((title, intro))
}

const WRONG_SECRET: &str = "This edit link does not belong to this pack, so nothing was changed. Please use the full private edit link you were given when the pack was made.";

impl Archive {
    /// Makes a pack, with `first` as its first item when given.
    pub fn create_pack(
        &self,
        title: &str,
        intro: &str,
        first: Option<PackItemRef>,
    ) -> Result<NewPack> {
        let (title, intro) = valid_text(title, intro)?;
        let (id, secret) = (PackId::generate(), PackSecret::generate());
        self.store.write(|tx| {
            store::insert_pack(
                tx,
                &id,
                &secret.hash(&self.secret),
                &title,
                &intro,
                Month::current(),
            )?;
            if let Some(item) = &first {
                add_item(tx, &id, item)?;
            }
            Ok::<_, ArchiveError>(())
        })?;
        Ok(NewPack { id, secret })
    }

    /// Adds an item at the end (nothing happens if the pack already holds exactly it).
    pub fn add_to_pack(&self, id: &PackId, secret: &PackSecret, item: &PackItemRef) -> Result<()> {
        self.store.write(|tx| {
            self.editable(tx, id, secret)?;
            add_item(tx, id, item)
        })
    }

    /// Removes an item.
    pub fn remove_from_pack(&self, id: &PackId, secret: &PackSecret, item: i64) -> Result<()> {
        self.store.write(|tx| {
            self.editable(tx, id, secret)?;
            if !store::remove_pack_item(tx, id, item)? {
                return Err(ArchiveError::NotFound);
            }
            Ok(())
        })
    }

    /// Moves an item one place up (towards the start) or down.
    pub fn move_in_pack(
        &self,
        id: &PackId,
        secret: &PackSecret,
        item: i64,
        up: bool,
    ) -> Result<()> {
        self.store.write(|tx| {
            self.editable(tx, id, secret)?;
            let mut order: Vec<i64> = store::pack_items(tx, id)?.iter().map(|i| i.id).collect();
            let at = order
                .iter()
                .position(|i| *i == item)
                .ok_or(ArchiveError::NotFound)?;
            let to = if up { at.checked_sub(1) } else { Some(at + 1) };
            if let Some(to) = to.filter(|t| *t < order.len()) {
                order.swap(at, to);
                store::reorder_pack_items(tx, id, &order)?;
            }
            Ok(())
        })
    }

    /// Replaces the title and introduction.
    pub fn update_pack(
        &self,
        id: &PackId,
        secret: &PackSecret,
        title: &str,
        intro: &str,
    ) -> Result<()> {
        let (title, intro) = valid_text(title, intro)?;
        self.store.write(|tx| {
            self.editable(tx, id, secret)?;
            Ok(store::update_pack_text(tx, id, &title, &intro)?)
        })
    }

    /// A reader's report about a public pack.
    pub fn report_pack(&self, id: &PackId, reason: &str, details: &str) -> Result<()> {
        let (reason, details) = super::valid_report(reason, details)?;
        self.store.write(|tx| {
            store::pack(tx, id)?
                .filter(|p| p.state == PackState::Public)
                .ok_or(ArchiveError::NotFound)?;
            Ok(store::add_pack_report(
                tx,
                id,
                reason,
                &details,
                Day::today(),
            )?)
        })
    }

    /// Open reports about packs.
    pub fn pack_reports(&self) -> Result<Vec<PackReport>> {
        self.store
            .read(|c| Ok::<_, ArchiveError>(store::open_pack_reports(c)?))
    }

    /// Takes a pack down with a reason from the moderation policy; audited.
    pub fn unpublish_pack(&self, id: &PackId, who: &SignedIn, reason: &str) -> Result<()> {
        let reason = crate::policy::reason(reason.trim()).ok_or_else(|| {
            ArchiveError::Invalid(vec![
                "Please choose a reason from the moderation policy.".into()
            ])
        })?;
        self.store.write(|tx| {
            if !store::unpublish_pack(tx, id, Month::current(), &reason.code)? {
                return Err(ArchiveError::NotFound);
            }
            store::resolve_pack_reports(tx, id)?;
            audit(
                tx,
                who.moderator(),
                AuditAction::UnpublishPack,
                id,
                Some(&reason.code),
            )
        })
    }

    /// How many packs there are, for the transparency report.
    pub fn pack_counts(&self) -> Result<PackCounts> {
        let (public, unpublished) = self
            .store
            .read(|c| Ok::<_, ArchiveError>(store::pack_counts(c)?))?;
        Ok(PackCounts {
            public,
            unpublished,
        })
    }

    /// The pack, if `secret` is its edit secret and it is still public.
    pub(super) fn editable(
        &self,
        c: &Connection,
        id: &PackId,
        secret: &PackSecret,
    ) -> Result<PackRecord> {
        let stored = store::pack_edit_hash(c, id)?.ok_or(ArchiveError::NotFound)?;
        if !constant_time_eq(&stored, &secret.hash(&self.secret)) {
            return Err(ArchiveError::Forbidden(WRONG_SECRET.into()));
        }
        let record = store::pack(c, id)?.ok_or(ArchiveError::NotFound)?;
        if record.state != PackState::Public {
            return Err(ArchiveError::Conflict(
                "Moderators have taken this pack down, so it can no longer be changed.".into(),
            ));
        }
        Ok(record)
    }
}

/// Adds `item` to a pack after checking that it can be read and the pack has room.
fn add_item(c: &Connection, id: &PackId, item: &PackItemRef) -> Result<()> {
    let not_there = || {
        ArchiveError::Invalid(vec![
            "That story, version or paragraph is not published, so it cannot be added.".into(),
        ])
    };
    store::story(c, &item.story_id)?
        .filter(|s| s.state == StoryState::Published)
        .ok_or_else(not_there)?;
    let v = store::version(c, &item.story_id, item.version)?.ok_or_else(not_there)?;
    if let Some(p) = item.paragraph {
        let count = crate::markdown::paragraph_texts(&v.body).len();
        if p == 0 || p as usize > count {
            return Err(not_there());
        }
    }
    let items = store::pack_items(c, id)?;
    if items.iter().any(|i| {
        i.story_id == item.story_id && i.version == v.version && i.paragraph == item.paragraph
    }) {
        return Ok(());
    }
    if items.len() >= MAX_PACK_ITEMS {
        return Err(ArchiveError::Invalid(vec![format!(
            "A pack can hold at most {MAX_PACK_ITEMS} items. Please remove one first, or start another pack."
        )]));
    }
    store::add_pack_item(c, id, &item.story_id, v.version, item.paragraph)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_story_address_as_copied_names_the_item() {
        let id = StoryId::parse("k3mv9xq2dr").unwrap();
        let item = |v, p| PackItemRef {
            story_id: id.clone(),
            version: v,
            paragraph: p,
        };
        let read = PackItemRef::from_address;
        assert_eq!(
            read("https://x.example/stories/k3mv9xq2dr"),
            Some(item(None, None))
        );
        assert_eq!(
            read("/stories/k3mv9xq2dr/v/2#p3"),
            Some(item(Some(2), Some(3)))
        );
        assert_eq!(
            read("/stories/k3mv9xq2dr/cite?v=4&p=1"),
            Some(item(Some(4), Some(1)))
        );
        assert_eq!(read("/stories/k3mv9xq2dr/v/0"), None);
        assert_eq!(read("/stories/nope"), None);
        assert_eq!(read("/packs/k3mv9xq2dr"), None);
    }
}
