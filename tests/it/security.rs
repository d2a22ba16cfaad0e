//! Security controls, each proven: CSRF and origin checks, sign-in answers and throttling,
//! sessions (rotation, sign-out, disabling, expiry), roles, TOTP, headers, and no cookies or
//! state changes where there should be none.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use chorus::store::Role;

use crate::support::{encode, total, TestApp, PASSWORD};

async fn app_with_item() -> (TestApp, crate::support::Moderator, String) {
    let app = TestApp::new();
    app.submit("Pending", "Some words about a ward.").await;
    app.add_moderator("ana", Role::Moderator);
    let m = app.login("ana").await;
    let id = app.queued_id(&m, "Pending").await;
    (app, m, id)
}

#[tokio::test]
async fn a_moderator_post_without_the_csrf_token_is_403() {
    let (app, m, id) = app_with_item().await;
    let r = app
        .post_raw(
            &format!("/moderate/submissions/{id}/approve"),
            b"themes=hope".to_vec(),
            Some(&m.cookie),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(total(&app.get("/api/v1/search").await.json()), 0);
}

#[tokio::test]
async fn a_moderator_post_with_a_wrong_csrf_token_is_403() {
    let (app, m, id) = app_with_item().await;
    let forged = encode(&[("csrf", &"0".repeat(32)), ("themes", "hope")]);
    let r = app
        .post_raw(
            &format!("/moderate/submissions/{id}/approve"),
            forged.into_bytes(),
            Some(&m.cookie),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // A token from another moderator's session is wrong too.
    app.add_moderator("ben", Role::Moderator);
    let ben = app.login("ben").await;
    let theirs = encode(&[("csrf", &ben.csrf), ("themes", "hope")]);
    let r = app
        .post_raw(
            &format!("/moderate/submissions/{id}/approve"),
            theirs.into_bytes(),
            Some(&m.cookie),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_cross_site_request_is_refused_even_with_a_valid_token() {
    let (app, m, id) = app_with_item().await;
    let body = encode(&[("csrf", &m.csrf), ("themes", "hope")]);
    for (name, value) in [
        ("sec-fetch-site", "cross-site"),
        ("origin", "https://evil.example"),
    ] {
        let req = Request::post(format!("/moderate/submissions/{id}/approve"))
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::COOKIE, &m.cookie)
            .header(header::HOST, "chorus.example")
            .header(name, value)
            .body(Body::from(body.clone()))
            .unwrap();
        assert_eq!(
            app.send(req).await.status,
            StatusCode::FORBIDDEN,
            "{name}: {value}"
        );
    }
}

#[tokio::test]
async fn a_same_origin_post_with_a_null_origin_is_accepted_as_browsers_send_it() {
    // With `Referrer-Policy: no-referrer`, Chromium and Firefox send `Origin: null` on our own
    // form posts; only their `Sec-Fetch-Site` tells same-origin from cross-site.
    let (app, m, id) = app_with_item().await;
    let body = encode(&[("csrf", &m.csrf), ("themes", "hope")]);
    let post = |site: Option<&str>| {
        let mut req = Request::post(format!("/moderate/submissions/{id}/approve"))
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::COOKIE, &m.cookie)
            .header(header::HOST, "chorus.example")
            .header(header::ORIGIN, "null");
        if let Some(site) = site {
            req = req.header("sec-fetch-site", site);
        }
        req.body(Body::from(body.clone())).unwrap()
    };
    assert_eq!(app.send(post(None)).await.status, StatusCode::FORBIDDEN);
    assert_eq!(
        app.send(post(Some("cross-site"))).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.send(post(Some("same-origin"))).await.status,
        StatusCode::OK
    );
    assert_eq!(total(&app.get("/api/v1/search").await.json()), 1);
}

#[tokio::test]
async fn the_csp_header_is_dropped_only_by_the_test_only_switch() {
    let normal = TestApp::new().get("/").await;
    assert!(normal.headers.contains_key(header::CONTENT_SECURITY_POLICY));
    let off = TestApp::with_config(|c| c.unsafe_disable_csp_for_tests = true)
        .get("/")
        .await;
    assert!(!off.headers.contains_key(header::CONTENT_SECURITY_POLICY));
    assert!(off.headers.contains_key(header::X_CONTENT_TYPE_OPTIONS));
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_user_get_the_same_answer() {
    let app = TestApp::new();
    app.add_moderator("ana", Role::Moderator);
    let wrong = app
        .post_form(
            "/moderate/login",
            &[("username", "ana"), ("password", "not the password at all")],
        )
        .await;
    let unknown = app
        .post_form(
            "/moderate/login",
            &[
                ("username", "nobody"),
                ("password", "not the password at all"),
            ],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert_eq!(unknown.status, wrong.status);
    assert_eq!(wrong.texts(".errors p"), unknown.texts(".errors p"));
    assert!(wrong.set_cookie("chorus_session").is_none());
}

#[tokio::test]
async fn repeated_failures_slow_sign_in_down_without_locking_the_account_forever() {
    let app = TestApp::new();
    app.add_moderator("ana", Role::Moderator);
    let mut throttled = false;
    for _ in 0..6 {
        let r = app
            .post_form(
                "/moderate/login",
                &[("username", "ana"), ("password", "guess guess guess")],
            )
            .await;
        if r.status == StatusCode::TOO_MANY_REQUESTS {
            throttled = true;
            assert!(r.text(".errors").contains("wait"), "{}", r.body);
        }
    }
    assert!(throttled, "six failures in a row were never throttled");
    // The delay is finite: the throttle names a wait of seconds, not a lock-out.
    let wait = app.archive.sign_in_wait("ana").unwrap();
    assert!(wait.as_secs() <= 15 * 60);
}

#[tokio::test]
async fn sign_in_rotates_the_session_and_sign_out_ends_it_on_the_server() {
    let app = TestApp::new();
    app.add_moderator("ana", Role::Moderator);
    let first = app.login("ana").await;
    let second = app.login("ana").await;
    assert_ne!(
        first.cookie, second.cookie,
        "a new session id at every sign-in"
    );
    let r = app
        .post_raw(
            "/moderate/logout",
            encode(&[("csrf", &second.csrf)]).into_bytes(),
            Some(&second.cookie),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let after = app.get_with_cookie("/moderate", &second.cookie).await;
    assert_eq!(
        after.status,
        StatusCode::SEE_OTHER,
        "the old cookie no longer works"
    );
    assert_eq!(
        app.get_with_cookie("/moderate", &first.cookie).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn disabling_a_moderator_ends_their_sessions() {
    let app = TestApp::new();
    app.add_moderator("ana", Role::Moderator);
    let m = app.login("ana").await;
    app.archive.disable_moderator("ana").unwrap();
    assert_eq!(
        app.get_with_cookie("/moderate", &m.cookie).await.status,
        StatusCode::SEE_OTHER
    );
    let r = app
        .post_form(
            "/moderate/login",
            &[("username", "ana"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
}

/// Signs in on an instance configured by `tweak`, waits a second, and says whether the session
/// still works.
async fn session_survives_a_second(tweak: impl FnOnce(&mut chorus::config::Config)) -> bool {
    let app = TestApp::with_config(tweak);
    app.add_moderator("ana", Role::Moderator);
    let r = app
        .post_form(
            "/moderate/login",
            &[("username", "ana"), ("password", PASSWORD)],
        )
        .await;
    let cookie = format!("chorus_session={}", r.set_cookie("chorus_session").unwrap());
    std::thread::sleep(std::time::Duration::from_millis(1100));
    app.get_with_cookie("/moderate", &cookie).await.status == StatusCode::OK
}

#[tokio::test]
async fn sessions_expire_when_idle_and_after_their_absolute_lifetime() {
    assert!(
        session_survives_a_second(|_| {}).await,
        "the defaults keep a fresh session"
    );
    assert!(
        !session_survives_a_second(|c| c.session_idle_minutes = 0).await,
        "idle expiry"
    );
    assert!(
        !session_survives_a_second(|c| c.session_absolute_hours = 0).await,
        "absolute expiry"
    );
}

#[tokio::test]
async fn the_audit_log_is_for_admins_only_and_records_actions() {
    let (app, m, id) = app_with_item().await;
    app.approve(&m, &id, &["hope"]).await;
    assert_eq!(
        app.get_with_cookie("/moderate/audit", &m.cookie)
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    app.add_moderator("root", Role::Admin);
    let admin = app.login("root").await;
    let audit = app.get_with_cookie("/moderate/audit", &admin.cookie).await;
    assert_eq!(audit.status, StatusCode::OK);
    let rows = audit.texts("table.audit tbody tr");
    assert!(
        rows.iter()
            .any(|r| r.contains("ana") && r.contains("approve") && r.contains(&id)),
        "{rows:?}"
    );
}

#[tokio::test]
async fn moderator_pages_need_a_session_and_get_changes_nothing() {
    let (app, m, id) = app_with_item().await;
    for path in [
        "/moderate",
        "/moderate/reports",
        "/moderate/audit",
        &format!("/moderate/submissions/{id}"),
    ] {
        let r = app.get(path).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{path}");
        assert_eq!(r.headers[header::LOCATION], "/moderate/login");
    }
    let r = app
        .get_with_cookie(&format!("/moderate/submissions/{id}/approve"), &m.cookie)
        .await;
    assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED);
    let forged = app
        .get_with_cookie("/moderate", "chorus_session=../../etc; other=1")
        .await;
    assert_eq!(forged.status, StatusCode::SEE_OTHER);
}

#[test]
fn weak_moderator_passwords_are_refused() {
    let app = TestApp::new();
    for bad in [
        "short",
        "password1234",
        "qwertyuiop12",
        "aaaaaaaaaaaaaaaa",
        "my name is ana!",
    ] {
        assert!(
            app.archive
                .add_moderator("ana", bad, Role::Moderator)
                .is_err(),
            "{bad}"
        );
    }
}

#[tokio::test]
async fn with_totp_enrolled_sign_in_needs_a_fresh_code() {
    let app = TestApp::new();
    app.add_moderator("ana", Role::Moderator);
    let secret = app.archive.enrol_totp("ana").unwrap();
    let no_code = app
        .post_form(
            "/moderate/login",
            &[("username", "ana"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(no_code.status, StatusCode::UNAUTHORIZED);
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let code = format!("{:06}", chorus::auth::totp::code_at(&secret, now / 30));
    let ok = app
        .post_form(
            "/moderate/login",
            &[("username", "ana"), ("password", PASSWORD), ("totp", &code)],
        )
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    let replay = app
        .post_form(
            "/moderate/login",
            &[("username", "ana"), ("password", PASSWORD), ("totp", &code)],
        )
        .await;
    assert_eq!(
        replay.status,
        StatusCode::UNAUTHORIZED,
        "a code is accepted once"
    );
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let (app, m, _) = app_with_item().await;
    for (path, cookie) in [
        ("/", None),
        ("/stories", None),
        ("/nope", None),
        ("/api/v1/search", None),
        ("/moderate", Some(m.cookie.as_str())),
    ] {
        let r = match cookie {
            Some(c) => app.get_with_cookie(path, c).await,
            None => app.get(path).await,
        };
        let csp = r.headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
        for part in [
            "default-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
            "form-action 'self'",
        ] {
            assert!(csp.contains(part), "{path}: {csp}");
        }
        assert!(!csp.contains("unsafe-inline"));
        assert_eq!(r.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
        assert_eq!(r.headers[header::REFERRER_POLICY], "no-referrer");
    }
    let moderator = app.get_with_cookie("/moderate", &m.cookie).await;
    assert_eq!(moderator.headers[header::CACHE_CONTROL], "no-store");
    let tls = TestApp::with_config(|c| c.behind_tls = true);
    assert!(tls
        .get("/")
        .await
        .headers
        .contains_key(header::STRICT_TRANSPORT_SECURITY));
    assert!(!app
        .get("/")
        .await
        .headers
        .contains_key(header::STRICT_TRANSPORT_SECURITY));
}

#[tokio::test]
async fn public_pages_set_no_cookies_and_load_nothing_from_other_hosts() {
    let app = TestApp::new();
    let code = app.submit("Cookies", "No cookies please.").await;
    let public = [
        "/",
        "/share",
        "/stories",
        "/themes",
        "/about",
        "/privacy",
        "/moderation",
        "/transparency",
        "/receipt",
        "/feed.atom",
        "/api/v1/search",
    ];
    for path in public {
        let r = app.get(path).await;
        assert!(
            !r.headers.contains_key(header::SET_COOKIE),
            "{path} set a cookie"
        );
        if path == "/feed.atom" || path.starts_with("/api/") {
            continue;
        }
        let html = r.html();
        let sel = scraper::Selector::parse("[src], link[href]").unwrap();
        for e in html.select(&sel) {
            let url = e
                .value()
                .attr("src")
                .or(e.value().attr("href"))
                .unwrap_or("");
            assert!(
                url.starts_with('/') && !url.starts_with("//"),
                "{path} loads {url}"
            );
        }
    }
    let r = app.post_form("/receipt", &[("receipt", &code)]).await;
    assert!(!r.headers.contains_key(header::SET_COOKIE));
    assert_eq!(r.headers[header::CACHE_CONTROL], "no-store");
}

#[tokio::test]
async fn the_session_cookie_is_http_only_strict_and_secure_behind_tls() {
    for tls in [false, true] {
        let app = TestApp::with_config(|c| c.behind_tls = tls);
        app.add_moderator("ana", Role::Moderator);
        let r = app
            .post_form(
                "/moderate/login",
                &[("username", "ana"), ("password", PASSWORD)],
            )
            .await;
        let cookie = r
            .headers
            .get_all(header::SET_COOKIE)
            .iter()
            .map(|v| v.to_str().unwrap().to_owned())
            .find(|c| c.starts_with("chorus_session="))
            .unwrap();
        assert!(
            cookie.contains("HttpOnly")
                && cookie.contains("SameSite=Strict")
                && cookie.contains("Path=/moderate"),
            "{cookie}"
        );
        assert_eq!(cookie.contains("Secure"), tls, "{cookie}");
        let value = r.set_cookie("chorus_session").unwrap();
        assert!(value.len() >= 32, "at least 128 bits");
    }
}

#[cfg(unix)]
#[test]
fn the_server_secret_is_readable_by_its_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let app = TestApp::new();
    let mode = std::fs::metadata(app.archive.config().secret_path())
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);
    assert_eq!(
        std::fs::read(app.archive.config().secret_path())
            .unwrap()
            .len(),
        32
    );
}

#[tokio::test]
async fn a_malformed_or_unknown_moderation_address_is_404_once_the_form_is_checked() {
    let (app, m, id) = app_with_item().await;
    for path in [
        "/moderate/submissions/not-an-id/approve".to_owned(),
        "/moderate/submissions/not-an-id/pass".to_owned(),
        format!("/moderate/submissions/{id}/publish-now"),
        "/moderate/stories/not-an-id/unpublish".to_owned(),
    ] {
        let r = app.act(&m, &path, &[("reason", "identifying")]).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}");
        // Without the token the form is refused first, whatever the address names.
        let r = app.post_raw(&path, Vec::new(), Some(&m.cookie)).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{path}");
    }
    for path in [
        "/moderate/submissions/not-an-id",
        "/moderate/stories/not-an-id/edit",
    ] {
        let r = app.get_with_cookie(path, &m.cookie).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(r.texts("h1"), ["Not found"], "{path}");
    }
}
