//! Citing a story, a version of it or one paragraph: the one place where a citation's address,
//! quoted text and access date are put together, for the cite page, the downloads and the API.

use super::{Archive, ArchiveError, Result, StoryLookup};
use crate::cite::{citation, Citation, Source};
use crate::ids::StoryId;
use crate::store::StoryVersion;

/// What "cite this" shows.
#[derive(Debug, Clone)]
pub struct CitationView {
    /// Every format.
    pub citation: Citation,
    /// The paragraph's text, when one paragraph is cited.
    pub quoted: Option<String>,
    /// The story's latest version (to say when a newer one exists).
    pub latest: i64,
}

impl Archive {
    /// The citation of a story's `version` (latest when `None`), or of one `paragraph` of it
    /// (numbered from 1). Not found for a story that is not readable, or a version or paragraph
    /// that does not exist.
    pub fn cite(
        &self,
        story_id: &StoryId,
        version: Option<i64>,
        paragraph: Option<u32>,
    ) -> Result<CitationView> {
        let StoryLookup::Readable {
            version: v,
            versions,
            ..
        } = self.story(story_id, version)?
        else {
            return Err(ArchiveError::NotFound);
        };
        let quoted = match paragraph {
            Some(n) => Some(
                crate::markdown::paragraph_texts(&v.body)
                    .into_iter()
                    .nth((n as usize).saturating_sub(1))
                    .filter(|_| n >= 1)
                    .ok_or(ArchiveError::NotFound)?,
            ),
            None => None,
        };
        Ok(CitationView {
            citation: self.citation_of(&v, paragraph),
            quoted,
            latest: versions.last().map_or(v.version, |x| x.0),
        })
    }

    /// The citation of a version already read, pointing at its permanent address (and the
    /// paragraph's anchor), accessed today.
    pub fn citation_of(&self, v: &StoryVersion, paragraph: Option<u32>) -> Citation {
        let url = format!(
            "{}/stories/{}/v/{}{}",
            self.config.public_url,
            v.story_id,
            v.version,
            paragraph.map(|n| format!("#p{n}")).unwrap_or_default()
        );
        citation(&Source {
            story_id: &v.story_id,
            title: &v.title,
            version: v.version,
            month: &v.published_month,
            paragraph,
            url: &url,
            accessed: crate::dates::Day::today(),
        })
    }
}
