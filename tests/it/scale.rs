//! What the speed-ups must not change: figures kept between requests follow every publication,
//! a kept search answer never hides a newly published story, the newest stories come first,
//! a batched import still refuses a bad file on its own, and the corpus generator's files import.

use chorus::archive::{SearchRequest, Stats};

use crate::support::TestApp;

fn story(title: &str, theme: &str, body: &str) -> String {
    format!(
        "+++\ntitle = \"{title}\"\nillustrative = true\nthemes = [\"{theme}\"]\nsettings = [\"acute-ward\"]\nperiod = \"2010s\"\n+++\n{body}\n"
    )
}

fn search(q: &str) -> SearchRequest {
    SearchRequest {
        q: q.into(),
        page: 1,
        per_page: 10,
        ..Default::default()
    }
}

#[test]
fn kept_figures_follow_a_new_publication() {
    let app = TestApp::new();
    let a = &app.archive;
    a.import_story(&story("First", "hope", "The ward was quiet."), true)
        .unwrap();
    a.wait_for_index();
    let before: Stats = a.stats().unwrap();
    assert_eq!(before.total, 1);
    assert_eq!(a.stats().unwrap().total, 1, "asked again, the same");
    assert_eq!(a.published_count().unwrap(), 1);
    assert_eq!(a.theme_counts().unwrap().get("hope"), Some(&1));
    let transparency = a.transparency().unwrap().published;

    a.import_story(&story("Second", "stigma", "The ward was loud."), true)
        .unwrap();
    a.wait_for_index();
    let after = a.stats().unwrap();
    assert_eq!(after.total, 2);
    assert_eq!(after.themes.get("stigma"), Some(&1));
    assert_eq!(a.published_count().unwrap(), 2);
    assert_eq!(a.theme_counts().unwrap().get("stigma"), Some(&1));
    assert_eq!(a.transparency().unwrap().published, transparency + 1);
}

#[test]
fn a_kept_search_answer_gives_way_to_a_newly_published_story() {
    let app = TestApp::new();
    let a = &app.archive;
    a.import_story(&story("One", "hope", "Marmalade at breakfast."), true)
        .unwrap();
    a.wait_for_index();
    assert_eq!(a.search(&search("marmalade")).unwrap().total, 1);
    assert_eq!(a.search(&search("marmalade")).unwrap().total, 1);
    a.import_story(&story("Two", "hope", "More marmalade, please."), true)
        .unwrap();
    a.wait_for_index();
    let kept = a.search(&search("marmalade")).unwrap();
    let fresh = a.search_fresh(&search("marmalade")).unwrap();
    assert_eq!(kept.total, 2);
    assert_eq!(fresh.total, 2);
    assert_eq!(
        kept.hits.iter().map(|h| &h.id).collect::<Vec<_>>(),
        fresh.hits.iter().map(|h| &h.id).collect::<Vec<_>>()
    );
}

#[test]
fn the_newest_stories_come_first() {
    let app = TestApp::new();
    let a = &app.archive;
    let ids: Vec<String> = (1..=5)
        .map(|i| {
            a.import_story(&story(&format!("Story {i}"), "hope", "Words."), true)
                .unwrap()
                .unwrap()
                .to_string()
        })
        .collect();
    let latest: Vec<String> = a
        .latest_stories(3)
        .unwrap()
        .into_iter()
        .map(|v| v.story_id.to_string())
        .collect();
    assert_eq!(latest, vec![ids[4].clone(), ids[3].clone(), ids[2].clone()]);
}

#[test]
fn a_batched_import_refuses_a_bad_file_alone() {
    let app = TestApp::new();
    let dir = tempfile::tempdir().unwrap();
    for i in 0..7 {
        std::fs::write(
            dir.path().join(format!("{i:02}.md")),
            story(&format!("Story {i}"), "hope", "The crisis team came."),
        )
        .unwrap();
    }
    std::fs::write(dir.path().join("03b.md"), "no front matter at all").unwrap();
    let tally = app.archive.import_dir(dir.path(), true, |_| {}).unwrap();
    assert_eq!((tally.imported, tally.refused), (7, 1));
    assert_eq!(app.archive.published_count().unwrap(), 7);
    assert_eq!(app.archive.search(&search("crisis")).unwrap().total, 7);
}

#[test]
fn generated_stories_import_and_a_rebuild_indexes_every_one() {
    let app = TestApp::new();
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    chorus::bench::gen::generate(&corpus, 40, 9).unwrap();
    let tally = app.archive.import_dir(&corpus, true, |_| {}).unwrap();
    assert_eq!((tally.imported, tally.refused), (40, 0));
    let mut seen = 0;
    let total = app.archive.rebuild_index(|done, _| seen = done).unwrap();
    assert_eq!((total, seen), (40, 40));
    assert_eq!(app.archive.search(&search("ward")).unwrap().total, 40);
}

#[test]
fn a_story_under_two_children_counts_once_for_their_parent_theme() {
    let app = TestApp::new();
    let a = &app.archive;
    let both = "+++\ntitle = \"Both\"\nillustrative = true\nthemes = [\"restraint\", \"seclusion\"]\n+++\nHeld down, then shut in.\n";
    a.import_story(both, true).unwrap();
    a.import_story(&story("One", "restraint", "Held down again."), true)
        .unwrap();
    a.wait_for_index();
    let r = a.search(&search("")).unwrap();
    assert_eq!(r.facets.theme.get("restraint"), Some(&2));
    assert_eq!(r.facets.theme.get("seclusion"), Some(&1));
    assert_eq!(
        r.facets.theme.get("coercion"),
        Some(&2),
        "two stories, not three tags"
    );
}
