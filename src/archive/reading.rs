//! The reader's side: a story (latest or a given version), its tombstone, search, themes, and
//! the transparency figures.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{Archive, ArchiveError, Result};
use crate::ids::StoryId;
use crate::search::{RelatedStory, SearchRequest, SearchResults};
use crate::store::{self, DecisionKind, StoryRecord, StoryState, StoryVersion};

/// What a story's address shows.
#[derive(Debug, Clone)]
pub enum StoryLookup {
    /// A readable version.
    Readable {
        /// The address record.
        record: StoryRecord,
        /// The version shown.
        version: Box<StoryVersion>,
        /// All versions: number, month, change note.
        versions: Vec<(i64, String, Option<String>)>,
        /// Whether the contributor consents to quotation.
        consent_quote: bool,
    },
    /// Withdrawn by its author or taken down: no text, just the honest reason and month.
    Gone(StoryRecord),
}

impl Archive {
    /// A story by id, at a version (`None`: latest).
    pub fn story(&self, id: &StoryId, version: Option<i64>) -> Result<StoryLookup> {
        self.store.read(|c| {
            let record = store::story(c, id)?.ok_or(ArchiveError::NotFound)?;
            if record.state != StoryState::Published {
                return Ok(StoryLookup::Gone(record));
            }
            let v = store::version(c, id, version)?.ok_or(ArchiveError::NotFound)?;
            let versions = store::version_list(c, id)?;
            let consent_quote = match &record.submission_id {
                Some(sid) => store::submission(c, sid)?.is_some_and(|s| s.consent.quote),
                None => false,
            };
            Ok(StoryLookup::Readable {
                record,
                version: Box::new(v),
                versions,
                consent_quote,
            })
        })
    }

    /// Runs a search (an answer given since the index last changed is given again).
    pub fn search(&self, req: &SearchRequest) -> Result<SearchResults> {
        Ok(self.search.search(req)?)
    }

    /// Up to `limit` published stories related to `id` (shared words and themes), leaving out
    /// any with a content warning in `exclude_cw`.
    pub fn related_stories(
        &self,
        id: &StoryId,
        exclude_cw: &[String],
        limit: usize,
    ) -> Result<Vec<RelatedStory>> {
        Ok(self.search.related(id.as_str(), exclude_cw, limit)?)
    }

    /// Runs a search without the cache of recent answers, as the benchmark's "cold" column.
    pub fn search_fresh(&self, req: &SearchRequest) -> Result<SearchResults> {
        Ok(self.search.search_fresh(req)?)
    }

    /// The newest published stories (latest versions).
    pub fn latest_stories(&self, limit: i64) -> Result<Vec<StoryVersion>> {
        self.store
            .read(|c| Ok::<_, ArchiveError>(store::published_latest(c, Some(limit))?))
    }

    /// Number of published stories per theme slug (counted by the index once per change to it).
    pub fn theme_counts(&self) -> Result<BTreeMap<String, u64>> {
        let generation = self.search.generation();
        let counts = self.figures.theme_counts.get(generation, || {
            let all = self.search.search(&SearchRequest {
                per_page: 1,
                page: 1,
                ..Default::default()
            })?;
            Ok((generation, all.facets.theme))
        })?;
        Ok((*counts).clone())
    }

    /// The transparency report, worked out once per new decision.
    pub fn transparency(&self) -> Result<Transparency> {
        let mark = self
            .store
            .read(|c| Ok::<_, ArchiveError>(store::decisions_mark(c)?))?;
        let t = self
            .figures
            .transparency
            .get(mark, || self.transparency_now())?;
        Ok((*t).clone())
    }

    fn transparency_now(&self) -> Result<(i64, Transparency)> {
        let (mark, decisions) = self
            .store
            .read(|c| Ok::<_, ArchiveError>((store::decisions_mark(c)?, store::decisions(c)?)))?;
        let mut by_month: BTreeMap<String, BTreeMap<String, u64>> = BTreeMap::new();
        let mut reasons: BTreeMap<String, u64> = BTreeMap::new();
        let mut waits: Vec<i64> = Vec::new();
        let (mut published, mut redacted, mut withdrawals, mut reversed) = (0u64, 0u64, 0u64, 0u64);
        for d in &decisions {
            let month = d.decided_in.to_string();
            *by_month
                .entry(month.clone())
                .or_default()
                .entry(d.decision.to_string())
                .or_default() += 1;
            if let Some(r) = &d.reason {
                *reasons.entry(r.clone()).or_default() += 1;
                *by_month
                    .entry(month)
                    .or_default()
                    .entry(format!("{}: {r}", d.decision))
                    .or_default() += 1;
            }
            match d.decision {
                DecisionKind::Published => {
                    published += 1;
                    redacted += u64::from(d.redacted);
                }
                DecisionKind::Withdrawn => withdrawals += 1,
                DecisionKind::Unpublished => reversed += 1,
                DecisionKind::Declined | DecisionKind::ChangesRequested => {}
            }
            if let Some(days) = d.days_waited {
                waits.push(days);
            }
        }
        waits.sort_unstable();
        let median_days = (!waits.is_empty()).then(|| {
            let mid = waits.len() / 2;
            if waits.len().is_multiple_of(2) {
                (waits[mid - 1] + waits[mid]) as f64 / 2.0
            } else {
                waits[mid] as f64
            }
        });
        Ok((
            mark,
            Transparency {
                by_month,
                reasons,
                median_days,
                published,
                redacted,
                withdrawals,
                reversed,
            },
        ))
    }
}

/// Figures for `/transparency`.
#[derive(Debug, Clone, Serialize)]
pub struct Transparency {
    /// Month → decision → count.
    pub by_month: BTreeMap<String, BTreeMap<String, u64>>,
    /// Reason code → count (declines and unpublishing).
    pub reasons: BTreeMap<String, u64>,
    /// Median days from submission to a decision.
    pub median_days: Option<f64>,
    /// Stories published.
    pub published: u64,
    /// Of which redacted before publication.
    pub redacted: u64,
    /// Withdrawals by authors.
    pub withdrawals: u64,
    /// Decisions reversed (stories unpublished).
    pub reversed: u64,
}

/// Figures for `/stats`, over the latest version of every published story.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Stats {
    /// Published stories.
    pub total: u64,
    /// Theme slug → stories.
    pub themes: BTreeMap<String, u64>,
    /// Decade of the experience (`2010s`) → theme slug → stories.
    pub themes_by_decade: BTreeMap<String, BTreeMap<String, u64>>,
    /// Setting slug → theme slug → stories.
    pub themes_by_setting: BTreeMap<String, BTreeMap<String, u64>>,
    /// Pairs of themes tagged on the same story → stories, most frequent first.
    pub pairs: Vec<((String, String), u64)>,
}

impl Archive {
    /// Counts for the statistics page, worked out once per change to what is published.
    pub fn stats(&self) -> Result<Stats> {
        let mark = self
            .store
            .read(|c| Ok::<_, ArchiveError>(store::publication_mark(c)?))?;
        let s = self.figures.stats.get(mark, || self.stats_now())?;
        Ok((*s).clone())
    }

    /// Published stories (latest versions only), counted once per change to what is published.
    pub fn published_count(&self) -> Result<i64> {
        let mark = self
            .store
            .read(|c| Ok::<_, ArchiveError>(store::publication_mark(c)?))?;
        let n = self.figures.published_count.get(mark, || {
            self.store.read(|c| {
                Ok::<_, ArchiveError>((store::publication_mark(c)?, store::published_count(c)?))
            })
        })?;
        Ok(*n)
    }

    fn stats_now(&self) -> Result<(i64, Stats)> {
        let (mark, stories) = self.store.read(|c| {
            Ok::<_, ArchiveError>((store::publication_mark(c)?, store::published_facts(c)?))
        })?;
        let mut s = Stats {
            total: stories.len() as u64,
            ..Default::default()
        };
        let mut pairs: BTreeMap<(String, String), u64> = BTreeMap::new();
        for v in &stories {
            let decade = v
                .period
                .as_deref()
                .and_then(crate::search::period_years)
                .map(|(start, _)| format!("{}s", start - start.rem_euclid(10)));
            for t in &v.themes {
                *s.themes.entry(t.clone()).or_default() += 1;
                if let Some(d) = &decade {
                    *s.themes_by_decade
                        .entry(d.clone())
                        .or_default()
                        .entry(t.clone())
                        .or_default() += 1;
                }
                for setting in &v.settings {
                    *s.themes_by_setting
                        .entry(setting.clone())
                        .or_default()
                        .entry(t.clone())
                        .or_default() += 1;
                }
            }
            let mut sorted = v.themes.clone();
            sorted.sort();
            for (i, a) in sorted.iter().enumerate() {
                for b in &sorted[i + 1..] {
                    *pairs.entry((a.clone(), b.clone())).or_default() += 1;
                }
            }
        }
        let mut pairs: Vec<_> = pairs.into_iter().collect();
        pairs.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        pairs.truncate(15);
        s.pairs = pairs;
        Ok((mark, s))
    }
}
