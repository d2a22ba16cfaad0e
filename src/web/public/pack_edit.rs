//! The private edit page of an evidence pack and its forms: add, move, remove, retitle. The
//! secret is in the page's address and, in every form, in the body; never in a cookie.

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};

use super::packs::{edit_path, item_from_form, items, private, secret_from_form, ItemView};
use crate::archive::{PackItemRef, RefStyle};
use crate::ids::{PackId, PackSecret};
use crate::web::extract::IdPath;
use crate::web::forms::Form;
use crate::web::pages::{html, Chrome};
use crate::web::{blocking, AppState, WebError, WebResult};

#[derive(Template)]
#[template(path = "pack_edit.html")]
struct EditPage {
    title: String,
    chrome: Chrome,
    id: String,
    secret: String,
    pack_title: String,
    intro: String,
    withdrawn_note: Option<String>,
    items: Vec<ItemView>,
}

/// `GET /packs/{id}/edit/{secret}`: the private edit page.
pub(super) async fn edit_page(
    State(state): State<AppState>,
    IdPath((id, secret)): IdPath<(PackId, String)>,
) -> WebResult<Response> {
    let secret = PackSecret::parse(&secret).ok_or_else(WebError::not_found)?;
    let shown = secret.reveal().to_owned();
    let view = blocking(&state, move |a| a.pack_to_edit(&id, &secret)).await?;
    let base = state.archive.config().public_url.clone();
    let doc = &view.document;
    let page = EditPage {
        title: format!("Edit: {}", doc.title),
        chrome: Chrome::plain(),
        id: view.id.to_string(),
        secret: shown,
        pack_title: doc.title.clone(),
        intro: doc.intro.clone(),
        withdrawn_note: doc.withdrawn_note(),
        items: items(doc, RefStyle::Apa, &base),
    };
    Ok(private(html(&page)?.into_response()))
}

/// `POST /packs/{id}/items` (`secret`, and `address` or `story`, `v`, `p`).
pub(super) async fn add_item(
    State(state): State<AppState>,
    IdPath(id): IdPath<PackId>,
    Form(p): Form,
) -> WebResult<Response> {
    let secret = secret_from_form(&p)?;
    let item = match item_from_form(&p)? {
        Some(item) => item,
        None => PackItemRef::from_address(p.get("address")).ok_or_else(|| {
            WebError::Invalid(vec!["Please paste the address of a story, a version or a paragraph, like /stories/k3mv9xq2dr/v/2#p3.".into()])
        })?,
    };
    let to = edit_path(&id, &secret);
    blocking(&state, move |a| a.add_to_pack(&id, &secret, &item)).await?;
    Ok(private(Redirect::to(&to).into_response()))
}

/// `POST /packs/{id}/items/{item}/{action}` with `secret`: `remove`, or `move` with
/// `direction=up|down`.
pub(super) async fn change_item(
    State(state): State<AppState>,
    IdPath((id, item, action)): IdPath<(PackId, i64, String)>,
    Form(p): Form,
) -> WebResult<Response> {
    let secret = secret_from_form(&p)?;
    let to = edit_path(&id, &secret);
    match action.as_str() {
        "remove" => {
            blocking(&state, move |a| a.remove_from_pack(&id, &secret, item)).await?;
        }
        "move" => {
            let up = match p.get("direction") {
                "up" => true,
                "down" => false,
                _ => return Err(WebError::bad_request("Move it up or down?")),
            };
            blocking(&state, move |a| a.move_in_pack(&id, &secret, item, up)).await?;
        }
        _ => return Err(WebError::not_found()),
    }
    Ok(private(Redirect::to(&to).into_response()))
}

/// `POST /packs/{id}/details` (`secret`, `title`, `intro`).
pub(super) async fn update(
    State(state): State<AppState>,
    IdPath(id): IdPath<PackId>,
    Form(p): Form,
) -> WebResult<Response> {
    let secret = secret_from_form(&p)?;
    let to = edit_path(&id, &secret);
    let (title, intro) = (p.get("title").to_owned(), p.get("intro").to_owned());
    blocking(&state, move |a| a.update_pack(&id, &secret, &title, &intro)).await?;
    Ok(private(Redirect::to(&to).into_response()))
}
