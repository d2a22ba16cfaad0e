//! Extractors shared by the page handlers: an id from the path, parsed once, where a malformed id
//! answers the same 404 page as an unknown one.

use axum::extract::{FromRequestParts, Path};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use super::WebError;

/// The one id in a route's path (`StoryId`, `SubmissionId`, …), validated by its `Deserialize`.
/// axum's own `Path` would answer a malformed id with a 400 in plain text; a typo in an address
/// is not a bad request but an address with nothing at it.
#[derive(Debug, Clone)]
pub(super) struct IdPath<T>(pub T);

impl<T, S> FromRequestParts<S> for IdPath<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match Path::<T>::from_request_parts(parts, state).await {
            Ok(Path(id)) => Ok(IdPath(id)),
            Err(_) => Err(WebError::not_found()),
        }
    }
}
