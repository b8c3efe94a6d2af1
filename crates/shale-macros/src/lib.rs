//! shale-macros: the procedural macros of shale.
//!
//! * `#[derive(Model)]` — see [`derive_model`]; re-exported as `shale::Model`.
//!
//! The derive parses with `shale_model::parse_derive`, the same grammar the CLI uses on
//! source files, so the compiled model and the one read from source are identical.

use proc_macro::TokenStream;

mod model;

/// Derives `shale::models::Model` for a struct whose fields are a table's columns.
///
/// ```ignore
/// #[derive(shale::Model)]
/// #[shale(table = "users")]
/// pub struct User {
///     #[shale(primary_key)]
///     pub id: i64,
///     #[shale(unique, max_length = 255)]
///     pub email: String,
///     #[shale(max_length = 80)]
///     pub display_name: Option<String>,
/// }
/// ```
///
/// The attributes are documented in `docs/models.md`.
#[proc_macro_derive(Model, attributes(shale))]
pub fn derive_model(input: TokenStream) -> TokenStream {
    let input = syn::parse_macro_input!(input as syn::DeriveInput);
    model::expand(&input)
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}
