//! Moderation workflow: approve (and the two-person rule), redaction with the contributor's
//! sign-off, requests for changes, declines with policy reasons, claims, edits after
//! publication, unpublishing and reports.

use axum::http::StatusCode;
use chorus::store::Role;

use crate::support::{published_id, total, TestApp};

const BODY: &str =
    "The consultant, Dr Okafor, said I was attention seeking.\n\nLater a peer worker listened.";

#[tokio::test]
async fn with_two_approvals_required_a_second_different_moderator_must_approve() {
    let app = TestApp::with_config(|c| c.approvals_required = 2);
    app.submit("Two keys", BODY).await;
    app.add_moderator("ana", Role::Moderator);
    app.add_moderator("ben", Role::Moderator);
    let ana = app.login("ana").await;
    let id = app.queued_id(&ana, "Two keys").await;
    let first = app.approve(&ana, &id, &["peer-work"]).await;
    assert!(
        first.text("main p").contains("second moderator"),
        "{}",
        first.body
    );
    let again = app.approve(&ana, &id, &["peer-work"]).await;
    assert!(
        again.text("main p").contains("second moderator"),
        "the same moderator twice is still one approval"
    );
    assert_eq!(total(&app.get("/api/v1/search").await.json()), 0);
    let ben = app.login("ben").await;
    let second = app.approve(&ben, &id, &["peer-work"]).await;
    let story = published_id(&second);
    assert_eq!(
        app.get(&format!("/stories/{story}")).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn a_redaction_is_shown_as_a_diff_and_publishes_only_after_the_contributor_accepts() {
    let app = TestApp::new();
    let code = app.submit("Labels", BODY).await;
    app.add_moderator("ana", Role::Moderator);
    let m = app.login("ana").await;
    let id = app.queued_id(&m, "Labels").await;
    let redacted = BODY.replace("Dr Okafor", "the consultant");
    let r = app
        .act(
            &m,
            &format!("/moderate/submissions/{id}/redact"),
            &[("body", &redacted), ("message", "We removed a name.")],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let approved = app.approve(&m, &id, &["epistemic-injustice"]).await;
    assert!(
        approved.text("main p").contains("accepts the redaction"),
        "{}",
        approved.body
    );
    assert_eq!(
        total(&app.get("/api/v1/search").await.json()),
        0,
        "not published before sign-off"
    );

    let page = app.post_form("/receipt", &[("receipt", &code)]).await;
    assert!(
        page.texts(".diff del").iter().any(|t| t.contains("Okafor")),
        "{}",
        page.body
    );
    assert!(
        page.texts(".diff ins")
            .iter()
            .any(|t| t.contains("the consultant")),
        "{:?}",
        page.texts(".diff > *")
    );
    let accepted = app
        .post_form("/receipt/accept", &[("receipt", &code)])
        .await;
    assert_eq!(accepted.status, StatusCode::OK);
    let status = app.receipt_status(&code).await;
    assert_eq!(status["status"], "published");
    let story = status["story_id"].as_str().unwrap().to_owned();
    let api = app.get(&format!("/api/v1/stories/{story}")).await.json();
    assert!(!api["body_markdown"].as_str().unwrap().contains("Okafor"));
}

#[tokio::test]
async fn requesting_changes_reaches_the_contributor_and_their_reply_requeues_it() {
    let app = TestApp::new();
    let code = app.submit("Questions", BODY).await;
    app.add_moderator("ana", Role::Moderator);
    let m = app.login("ana").await;
    let id = app.queued_id(&m, "Questions").await;
    let r = app
        .act(
            &m,
            &format!("/moderate/submissions/{id}/request-changes"),
            &[("message", "Could you say roughly when?")],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let status = app.receipt_status(&code).await;
    assert_eq!(status["status"], "changes_requested");
    assert_eq!(status["messages"][0]["body"], "Could you say roughly when?");
    app.post_form(
        "/receipt/reply",
        &[("receipt", &code), ("message", "Around 2019.")],
    )
    .await;
    assert_eq!(app.receipt_status(&code).await["status"], "pending");
    app.queued_id(&m, "Questions").await;
}

#[tokio::test]
async fn declining_needs_a_reason_from_the_policy() {
    let app = TestApp::new();
    let code = app.submit("Declined", BODY).await;
    app.add_moderator("ana", Role::Moderator);
    let m = app.login("ana").await;
    let id = app.queued_id(&m, "Declined").await;
    let bad = app
        .act(
            &m,
            &format!("/moderate/submissions/{id}/decline"),
            &[("reason", "because-i-said-so")],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let code_used = chorus::policy::reasons()[0].code.clone();
    let ok = app
        .act(
            &m,
            &format!("/moderate/submissions/{id}/decline"),
            &[("reason", &code_used), ("message", "Sorry.")],
        )
        .await;
    assert_eq!(ok.status, StatusCode::OK);
    let status = app.receipt_status(&code).await;
    assert_eq!(status["status"], "declined");
    assert_eq!(
        status["decline_reason"],
        chorus::policy::reasons()[0].title.as_str()
    );
}

#[test]
fn every_reason_code_the_software_uses_is_in_the_published_policy() {
    let reasons = chorus::policy::reasons();
    assert!(
        reasons.len() >= 5,
        "moderation.md should list its decline reasons"
    );
    for code in chorus::policy::CODES_USED_BY_SOFTWARE {
        assert!(
            reasons.iter().any(|r| r.code == *code),
            "`{code}` is used by the software but missing from moderation.md"
        );
    }
    // Any literal passed to policy::reason(...) anywhere in the source must be in the policy too.
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let re = regex::Regex::new(r#"policy::reason\("([a-z0-9-]+)"\)"#).unwrap();
    let mut stack = vec![src];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                for cap in re.captures_iter(&std::fs::read_to_string(&p).unwrap()) {
                    assert!(
                        reasons.iter().any(|r| r.code == cap[1]),
                        "{} uses `{}`, not in moderation.md",
                        p.display(),
                        &cap[1]
                    );
                }
            }
        }
    }
}

#[tokio::test]
async fn a_claim_keeps_a_colleague_from_acting_until_it_is_passed_on() {
    let app = TestApp::new();
    app.submit("Claimed", BODY).await;
    app.add_moderator("ana", Role::Moderator);
    app.add_moderator("ben", Role::Moderator);
    let ana = app.login("ana").await;
    let ben = app.login("ben").await;
    let id = app.queued_id(&ana, "Claimed").await;
    let r = app
        .act(&ana, &format!("/moderate/submissions/{id}/claim"), &[])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let blocked = app.approve(&ben, &id, &["hope"]).await;
    assert_eq!(blocked.status, StatusCode::CONFLICT);
    assert!(blocked.text("main p").contains("ana"), "{}", blocked.body);
    let queue = app.get_with_cookie("/moderate", &ben.cookie).await;
    assert!(
        queue
            .text(".queue-item .meta")
            .contains("being reviewed by ana"),
        "{}",
        queue.body
    );
    let review = app
        .get_with_cookie(&format!("/moderate/submissions/{id}"), &ana.cookie)
        .await;
    let ben_id = review.attr("select#colleague option", "value").unwrap();
    let passed = app
        .act(
            &ana,
            &format!("/moderate/submissions/{id}/pass"),
            &[("colleague", &ben_id)],
        )
        .await;
    assert_eq!(passed.status, StatusCode::OK, "{}", passed.body);
    assert_eq!(
        app.approve(&ana, &id, &["hope"]).await.status,
        StatusCode::CONFLICT
    );
    assert_eq!(
        app.approve(&ben, &id, &["hope"]).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn an_edit_after_publication_is_a_new_version_and_the_old_one_stays_readable() {
    let app = TestApp::new();
    let code = app
        .submit("Versions", "First words.\n\nSecond paragraph.")
        .await;
    app.add_moderator("ana", Role::Moderator);
    let m = app.login("ana").await;
    let id = app.queued_id(&m, "Versions").await;
    let story = published_id(&app.approve(&m, &id, &["hope"]).await);
    let r = app
        .act(
            &m,
            &format!("/moderate/stories/{story}/edit"),
            &[
                ("title", "Versions"),
                ("body", "Changed words.\n\nSecond paragraph."),
                ("note", "Removed a detail"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    // The edit changes the contributor's words, so it waits for them to accept it.
    let accepted = app
        .post_form("/receipt/accept", &[("receipt", &code)])
        .await;
    assert_eq!(accepted.status, StatusCode::OK, "{}", accepted.body);
    let v1 = app.get(&format!("/stories/{story}/v/1")).await;
    assert!(v1.text(".story-body").contains("First words."));
    assert_eq!(v1.texts(".story .meta strong"), vec!["an earlier version"]);
    let latest = app.get(&format!("/stories/{story}")).await;
    assert!(latest.text(".story-body").contains("Changed words."));
    assert!(latest.texts(".story .meta strong").is_empty());
    assert_eq!(
        app.get(&format!("/api/v1/stories/{story}")).await.json()["version"],
        2
    );
    assert_eq!(total(&app.get("/api/v1/search?q=changed").await.json()), 1);
    assert_eq!(total(&app.get("/api/v1/search?q=first").await.json()), 0);
    assert_eq!(
        app.get(&format!("/stories/{story}/v/3")).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn a_report_reaches_moderators_and_unpublishing_leaves_an_honest_page() {
    let app = TestApp::new();
    app.submit("Reported", BODY).await;
    app.add_moderator("ana", Role::Moderator);
    let m = app.login("ana").await;
    let id = app.queued_id(&m, "Reported").await;
    let story = published_id(&app.approve(&m, &id, &["hope"]).await);
    let r = app
        .post_form(
            &format!("/stories/{story}/report"),
            &[
                ("reason", "identifies-someone"),
                ("details", "Names a nurse."),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let bad = app
        .post_form(
            &format!("/stories/{story}/report"),
            &[("reason", "<script>")],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let reports = app.get_with_cookie("/moderate/reports", &m.cookie).await;
    assert_eq!(
        reports.texts("ol.reports li .message-body"),
        vec!["Names a nurse."]
    );
    let r = app
        .act(
            &m,
            &format!("/moderate/stories/{story}/unpublish"),
            &[("reason", "identifying")],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let gone = app.get(&format!("/stories/{story}")).await;
    assert_eq!(gone.status, StatusCode::GONE);
    assert_eq!(gone.texts("h1"), vec!["No longer published"]);
    assert_eq!(
        total(&app.get("/api/v1/search?q=consultant").await.json()),
        0
    );
    let transparency = app.get("/transparency").await;
    let figures: Vec<(String, String)> = transparency
        .texts("dl.figures dt")
        .into_iter()
        .zip(transparency.texts("dl.figures dd"))
        .collect();
    let reversed = figures
        .iter()
        .find(|(label, _)| label.starts_with("Decisions reversed"))
        .map(|(_, n)| n.as_str());
    assert_eq!(reversed, Some("fewer than 5"), "small counts are hidden");
    // A share of a small number would give it back (1 of 1 is 100 %).
    let share = figures
        .iter()
        .find(|(label, _)| label.starts_with("Share of published stories edited"))
        .map(|(_, n)| n.as_str());
    assert_eq!(share, Some("not shown while there are fewer than 5"));
}

#[tokio::test]
async fn the_queue_puts_safeguarding_flags_first_and_shows_content_warnings() {
    let app = TestApp::new();
    app.post_form(
        "/share",
        &[
            ("title", "Older"),
            ("body", "An ordinary account of a ward round."),
            ("consent_publish", "on"),
            ("content_warnings", "restraint"),
        ],
    )
    .await;
    app.post_form(
        "/share",
        &[
            ("title", "Urgent"),
            ("body", "I have decided to kill myself tonight."),
            ("consent_publish", "on"),
        ],
    )
    .await;
    app.add_moderator("ana", Role::Moderator);
    let m = app.login("ana").await;
    let queue = app.get_with_cookie("/moderate", &m.cookie).await;
    let titles = queue.texts(".queue-item h2 a");
    assert_eq!(titles, vec!["Urgent", "Older"]);
    assert!(queue
        .texts(".queue-item.urgent .flag")
        .first()
        .is_some_and(|t| t.contains("Safeguarding")));
    assert!(queue
        .texts(".queue-item .content-warning")
        .iter()
        .any(|t| t.contains("Restraint")));
}

#[tokio::test]
async fn the_policy_page_shows_every_decline_reason_and_links_within_the_site() {
    let app = TestApp::new();
    let page = app.get("/moderation").await;
    assert_eq!(page.status, StatusCode::OK);
    for reason in chorus::policy::reasons() {
        assert!(
            page.texts("article.document h3 code")
                .contains(&reason.code),
            "{} missing",
            reason.code
        );
    }
    assert!(page.attr("a[href='/transparency']", "href").is_some());
}

#[tokio::test]
async fn moderators_see_their_daily_count_and_a_break_reminder() {
    let app = TestApp::with_config(|c| c.break_reminder_minutes = 0);
    app.submit("One", BODY).await;
    app.submit("Two", BODY).await;
    app.add_moderator("ana", Role::Moderator);
    let m = app.login("ana").await;
    let fresh = app.get_with_cookie("/moderate", &m.cookie).await;
    assert!(fresh
        .texts(".wellbeing")
        .join("")
        .contains("reviewed 0 items"));
    let id = app.queued_id(&m, "One").await;
    app.approve(&m, &id, &["hope"]).await;
    let id = app.queued_id(&m, "Two").await;
    let skipped = app
        .act(&m, &format!("/moderate/submissions/{id}/skip"), &[])
        .await;
    assert_eq!(skipped.status, StatusCode::SEE_OTHER);
    let queue = app.get_with_cookie("/moderate", &m.cookie).await;
    assert!(
        queue
            .texts(".wellbeing")
            .join("")
            .contains("reviewed 2 items"),
        "{}",
        queue.body
    );
    assert!(!queue.texts(".break").is_empty(), "break reminder shown");
    let r = app.act(&m, "/moderate/break", &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let after = app.get_with_cookie("/moderate", &m.cookie).await;
    assert!(
        after.texts(".break").is_empty(),
        "the stretch starts again after a break"
    );
    assert_eq!(
        after.texts(".queue-item h2 a"),
        vec!["Two"],
        "a skipped item stays in the queue"
    );
}

#[tokio::test]
async fn a_reply_to_a_decline_is_an_appeal_that_returns_it_to_the_queue() {
    let app = TestApp::new();
    let code = app.submit("Appealed", BODY).await;
    app.add_moderator("ana", Role::Moderator);
    let m = app.login("ana").await;
    let id = app.queued_id(&m, "Appealed").await;
    app.act(
        &m,
        &format!("/moderate/submissions/{id}/decline"),
        &[("reason", "spam")],
    )
    .await;
    assert_eq!(app.receipt_status(&code).await["status"], "declined");
    app.post_form(
        "/receipt/reply",
        &[
            ("receipt", &code),
            ("message", "This is not spam, it is my account."),
        ],
    )
    .await;
    assert_eq!(app.receipt_status(&code).await["status"], "pending");
    app.queued_id(&m, "Appealed").await;
}

#[tokio::test]
async fn after_publication_authors_reach_moderators_and_hear_about_takedowns() {
    let app = TestApp::new();
    let code = app.submit("Later", BODY).await;
    app.add_moderator("ana", Role::Moderator);
    let m = app.login("ana").await;
    let id = app.queued_id(&m, "Later").await;
    let story = published_id(&app.approve(&m, &id, &["hope"]).await);
    app.post_form(
        "/receipt/reply",
        &[("receipt", &code), ("message", "Please change one word.")],
    )
    .await;
    let reports = app.get_with_cookie("/moderate/reports", &m.cookie).await;
    assert!(
        reports
            .texts("ol.reports li .message-body")
            .iter()
            .any(|m| m == "Please change one word."),
        "{}",
        reports.body
    );
    app.act(
        &m,
        &format!("/moderate/stories/{story}/unpublish"),
        &[("reason", "identifying")],
    )
    .await;
    let messages = app.receipt_status(&code).await["messages"].clone();
    let last = messages.as_array().unwrap().last().unwrap()["body"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(last.contains("taken your story down"), "{last}");
}
