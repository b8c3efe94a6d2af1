//! The crate's error type: one enum per area, gathered here.

use crate::url::UrlError;

/// Any error shale's library can return.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Url(#[from] UrlError),
}

/// `Result` with shale's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
