//! Readers' reports about evidence packs, and unpublishing a pack with a policy reason (audited).

use askama::Template;
use axum::extract::State;
use axum::response::Html;

use super::super::pages::{html, Chrome, MessagePage};
use super::super::{blocking, AppState, WebError};
use super::{ItemForm, Moderator};
use crate::archive::PackReport;
use crate::dates::month_label;
use crate::ids::PackId;
use crate::policy::Reason;

#[derive(Template)]
#[template(path = "mod_packs.html")]
struct PackReportsPage {
    title: String,
    chrome: Chrome,
    csrf: String,
    reports: Vec<PackReportView>,
    reasons: Vec<Reason>,
}

struct PackReportView {
    id: i64,
    pack_id: PackId,
    pack_title: String,
    reason: String,
    details: String,
    made: String,
}

impl From<PackReport> for PackReportView {
    fn from(r: PackReport) -> Self {
        Self {
            made: month_label(&r.made_on),
            id: r.id,
            pack_id: r.pack_id,
            pack_title: r.pack_title,
            reason: r.reason,
            details: r.details,
        }
    }
}

pub(super) async fn pack_reports(
    State(state): State<AppState>,
    Moderator(who): Moderator,
) -> Result<Html<String>, WebError> {
    let reports = blocking(&state, |a| a.pack_reports()).await?;
    html(&PackReportsPage {
        title: "Pack reports".into(),
        chrome: Chrome::moderator(&who),
        csrf: who.session.csrf.clone(),
        reports: reports.into_iter().map(PackReportView::from).collect(),
        reasons: crate::policy::reasons().to_vec(),
    })
}

pub(super) async fn unpublish_pack(
    State(state): State<AppState>,
    form: ItemForm<PackId>,
) -> Result<Html<String>, WebError> {
    let ItemForm { id, who, params } = form;
    let reason = params.get("reason").to_owned();
    let pack = id.clone();
    blocking(&state, move |a| a.unpublish_pack(&pack, &who, &reason)).await?;
    html(&MessagePage {
        title: "Pack unpublished".into(),
        chrome: Chrome::plain(),
        heading: "Pack unpublished".into(),
        paragraphs: vec![format!(
            "Evidence pack {id} is no longer published. Its address now says why."
        )],
        links: vec![("/moderate/packs".into(), "Back to pack reports".into())],
    })
}
