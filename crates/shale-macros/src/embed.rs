//! The expansion of `embed_migrations!`: every script of a versions folder as a literal
//! `EmbeddedMigrations`, each text through `include_str!` so that editing a script
//! recompiles the crate that embeds it.

use proc_macro2::{Span, TokenStream};
use quote::quote;
use std::path::{Path, PathBuf};
use syn::LitStr;

/// The folder used when the macro is called without an argument.
const DEFAULT_LOCATION: &str = "migrations";

/// Expands `embed_migrations!(input)`, resolving the folder against `manifest_dir` (the
/// calling crate's `CARGO_MANIFEST_DIR`).
pub(crate) fn expand(input: TokenStream, manifest_dir: &Path) -> syn::Result<TokenStream> {
    let location = if input.is_empty() {
        LitStr::new(DEFAULT_LOCATION, Span::call_site())
    } else {
        syn::parse2::<LitStr>(input)?
    };
    let versions = manifest_dir.join(location.value()).join("versions");
    let files = script_files(&versions).map_err(|message| {
        syn::Error::new(
            location.span(),
            format!(
                "embed_migrations!: {message}\n\
                 The argument is the folder that holds `versions/` (shale.toml's \
                 script_location), relative to the crate's Cargo.toml folder ({}).",
                manifest_dir.display()
            ),
        )
    })?;
    let scripts = files.iter().map(|(name, path)| {
        let path = path.to_string_lossy();
        quote! {
            ::shale::embed::EmbeddedScript {
                name: #name,
                text: ::core::include_str!(#path),
            }
        }
    });
    Ok(quote! {
        ::shale::embed::EmbeddedMigrations::new(#location, &[#(#scripts),*])
    })
}

/// The `*.sql` files directly in `versions` (hidden files skipped, like the CLI), as
/// (file name, absolute path), sorted by file name.
fn script_files(versions: &Path) -> Result<Vec<(String, PathBuf)>, String> {
    let entries = std::fs::read_dir(versions)
        .map_err(|e| format!("cannot read the folder {}: {e}", versions.display()))?;
    let mut files = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| format!("cannot read {}: {e}", versions.display()))?;
        let path = entry.path();
        let Some(name) = entry.file_name().to_str().map(str::to_owned) else {
            return Err(format!("{}: the file name is not UTF-8", path.display()));
        };
        let is_sql = Path::new(&name)
            .extension()
            .is_some_and(|ext| ext.eq_ignore_ascii_case("sql"));
        // `Path::is_file` follows symbolic links: a link to a script counts, as in the CLI.
        if !is_sql || name.starts_with('.') || !path.is_file() {
            continue;
        }
        let path = path
            .canonicalize()
            .map_err(|e| format!("{}: {e}", path.display()))?;
        files.push((name, path));
    }
    files.sort();
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::expand;
    use quote::quote;
    use std::path::Path;

    /// The macro crate's folder; the fixture lives in the `shale` crate next to it.
    fn here() -> &'static Path {
        Path::new(env!("CARGO_MANIFEST_DIR"))
    }

    fn expanded(input: proc_macro2::TokenStream) -> syn::Result<String> {
        expand(input, here()).map(|tokens| tokens.to_string().split_whitespace().collect())
    }

    #[test]
    fn embeds_every_script_sorted_through_include_str() {
        let code = expanded(quote!("../shale/tests/embedded")).unwrap();
        assert!(
            code.starts_with(
                "::shale::embed::EmbeddedMigrations::new(\"../shale/tests/embedded\",&["
            ),
            "{code}"
        );
        let first = code.find("name:\"0001_create_notes.sql\"").expect(&code);
        let second = code.find("name:\"0002_add_pinned.sql\"").expect(&code);
        assert!(first < second, "sorted by file name: {code}");
        assert_eq!(code.matches("::core::include_str!(").count(), 2, "{code}");
        assert!(!code.contains("README"), "only .sql files: {code}");
    }

    #[test]
    fn a_missing_folder_is_a_compile_error_that_names_it() {
        let err = expanded(quote!("no/such/folder")).unwrap_err().to_string();
        assert!(err.contains("no/such/folder"), "{err}");
        assert!(err.contains("holds `versions/`"), "{err}");
    }

    #[test]
    fn the_argument_must_be_a_string_literal() {
        assert!(expanded(quote!(migrations)).is_err());
    }
}
