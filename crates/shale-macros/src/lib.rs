//! shale-macros: the procedural macros of shale.
//!
//! * `#[derive(Model)]` — see [`derive_model`]; re-exported as `shale::Model`.
//! * `embed_migrations!` — see [`embed_migrations!`]; re-exported as `shale::embed_migrations!`.
//!
//! The derive parses with `shale_model::parse_derive`, the same grammar the CLI uses on
//! source files, so the compiled model and the one read from source are identical.

use proc_macro::TokenStream;

mod embed;
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

/// `#[derive(shale::Enum)]`: implements `shale::models::Enum` for an enum of unit
/// variants, a SQL enumeration. A model field of that type is marked `#[shale(enum)]`.
/// Attributes: `name = "…"` (the PostgreSQL type name), `rename_all = "snake_case"`, and
/// `rename = "…"` on a variant (documented in `docs/models.md`).
#[proc_macro_derive(Enum, attributes(shale))]
pub fn derive_enum(input: TokenStream) -> TokenStream {
    let input = syn::parse_macro_input!(input as syn::DeriveInput);
    model::expand_enum(&input)
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}

/// Embeds a migrations folder in the binary: expands to a `shale::embed::EmbeddedMigrations`
/// holding the name and text of every `versions/*.sql` script of the folder.
///
/// The path is relative to the calling crate's `CARGO_MANIFEST_DIR` (the folder of its
/// `Cargo.toml`), as with `sqlx::migrate!`, and defaults to `"migrations"`. It is the folder
/// that holds `versions/` — shale.toml's `script_location`. The expansion is a constant
/// expression, so it can initialise a `static`:
///
/// ```ignore
/// static MIGRATIONS: shale::embed::EmbeddedMigrations = shale::embed_migrations!("migrations");
///
/// MIGRATIONS.upgrade(&pool).await?;
/// ```
///
/// Each script is read with `include_str!`, so editing one recompiles the crate. Stable Rust
/// gives procedural macros no way to watch a folder, so a *new* script is picked up when the
/// crate is next compiled; a build script with
/// `println!("cargo:rerun-if-changed=migrations");` makes that automatic. Runnable examples
/// are in the `shale::embed` documentation.
#[proc_macro]
pub fn embed_migrations(input: TokenStream) -> TokenStream {
    let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default();
    embed::expand(input.into(), std::path::Path::new(&manifest_dir))
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}
