//! The expansion of `#[derive(Model)]`: the parsed [`ModelDef`] written back as a literal.

use proc_macro2::TokenStream;
use quote::quote;
use shale_model::{CheckDef, FieldDef, IndexDef, IndexKind, ModelDef};
use syn::DeriveInput;

/// `impl ::shale::models::Model for T { fn model_def() -> ModelDef { … } }`.
pub(crate) fn expand(input: &DeriveInput) -> syn::Result<TokenStream> {
    let def = shale_model::parse_derive(input)?;
    let ident = &input.ident;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    let body = model_def(&def);
    Ok(quote! {
        impl #impl_generics ::shale::models::Model for #ident #ty_generics #where_clause {
            fn model_def() -> ::shale::models::ModelDef {
                #body
            }
        }
    })
}

/// `impl ::shale::models::Enum for T { fn enum_def() -> EnumDef { … } }`.
pub(crate) fn expand_enum(input: &DeriveInput) -> syn::Result<TokenStream> {
    let def = shale_model::parse_enum(input)?;
    let ident = &input.ident;
    let (rust_name, name, labels) = (
        string(&def.rust_name),
        string(&def.name),
        strings(&def.labels),
    );
    Ok(quote! {
        impl ::shale::models::Enum for #ident {
            fn enum_def() -> ::shale::models::EnumDef {
                ::shale::models::EnumDef {
                    rust_name: #rust_name,
                    name: #name,
                    labels: #labels,
                }
            }
        }
    })
}

fn model_def(def: &ModelDef) -> TokenStream {
    let struct_name = string(&def.struct_name);
    let table = string(&def.table);
    let schema = opt_string(&def.schema);
    let fields = def.fields.iter().map(field_def);
    let indexes = def.indexes.iter().map(index_def);
    let checks = def.checks.iter().map(check_def);
    let primary_key = strings(&def.primary_key);
    let primary_key_comment = opt_string(&def.primary_key_comment);
    let renamed_from = opt_string(&def.renamed_from);
    let comment = opt_string(&def.comment);
    let doc_comment = def.doc_comment;
    quote! {
        ::shale::models::ModelDef {
            struct_name: #struct_name,
            table: #table,
            schema: #schema,
            fields: ::std::vec![#(#fields),*],
            indexes: ::std::vec![#(#indexes),*],
            checks: ::std::vec![#(#checks),*],
            primary_key: #primary_key,
            primary_key_comment: #primary_key_comment,
            renamed_from: #renamed_from,
            comment: #comment,
            doc_comment: #doc_comment,
        }
    }
}

fn field_def(f: &FieldDef) -> TokenStream {
    let name = string(&f.name);
    let rust_type = string(&f.rust_type);
    let (nullable, primary_key, unique, index) = (f.nullable, f.primary_key, f.unique, f.index);
    let default = opt_string(&f.default);
    let references = match &f.references {
        Some((table, column)) => {
            let (table, column) = (string(table), string(column));
            quote!(::std::option::Option::Some((#table, #column)))
        }
        None => quote!(::std::option::Option::None),
    };
    let on_delete = opt_string(&f.on_delete);
    let on_update = opt_string(&f.on_update);
    let check = opt_string(&f.check);
    let max_length = option(f.max_length.map(|n| quote!(#n)));
    let sql_type = opt_string(&f.sql_type);
    let renamed_from = opt_string(&f.renamed_from);
    let autoincrement = option(f.autoincrement.map(|b| quote!(#b)));
    let generated = opt_string(&f.generated);
    let stored = f.stored;
    let comment = opt_string(&f.comment);
    let doc_comment = f.doc_comment;
    let is_enum = f.is_enum;
    // The enum's labels come from its own derive, through the trait.
    let sql_enum = match syn::parse_str::<syn::Type>(&f.rust_type) {
        Ok(ty) if f.is_enum => {
            quote!(::std::option::Option::Some(<#ty as ::shale::models::Enum>::enum_def()))
        }
        _ => quote!(::std::option::Option::None),
    };
    quote! {
        ::shale::models::FieldDef {
            name: #name,
            rust_type: #rust_type,
            nullable: #nullable,
            primary_key: #primary_key,
            unique: #unique,
            index: #index,
            default: #default,
            references: #references,
            on_delete: #on_delete,
            on_update: #on_update,
            check: #check,
            max_length: #max_length,
            sql_type: #sql_type,
            renamed_from: #renamed_from,
            autoincrement: #autoincrement,
            generated: #generated,
            is_enum: #is_enum,
            sql_enum: #sql_enum,
            comment: #comment,
            doc_comment: #doc_comment,
            stored: #stored,
        }
    }
}

fn index_def(i: &IndexDef) -> TokenStream {
    let name = opt_string(&i.name);
    let columns = strings(&i.columns);
    let kind = match i.kind {
        IndexKind::Index => quote!(Index),
        IndexKind::UniqueIndex => quote!(UniqueIndex),
        IndexKind::UniqueConstraint => quote!(UniqueConstraint),
    };
    let comment = opt_string(&i.comment);
    quote! {
        ::shale::models::IndexDef {
            name: #name,
            columns: #columns,
            kind: ::shale::models::IndexKind::#kind,
            comment: #comment,
        }
    }
}

fn check_def(c: &CheckDef) -> TokenStream {
    let name = opt_string(&c.name);
    let expression = string(&c.expression);
    quote!(::shale::models::CheckDef { name: #name, expression: #expression })
}

fn string(s: &str) -> TokenStream {
    quote!(::std::string::String::from(#s))
}

fn strings(items: &[String]) -> TokenStream {
    let items = items.iter().map(|s| string(s));
    quote!(::std::vec![#(#items),*])
}

fn opt_string(s: &Option<String>) -> TokenStream {
    option(s.as_deref().map(string))
}

fn option(value: Option<TokenStream>) -> TokenStream {
    match value {
        Some(v) => quote!(::std::option::Option::Some(#v)),
        None => quote!(::std::option::Option::None),
    }
}

#[cfg(test)]
mod tests {
    use super::expand;

    fn expanded(src: &str) -> syn::Result<String> {
        let input: syn::DeriveInput = syn::parse_str(src).unwrap();
        expand(&input).map(|tokens| tokens.to_string().split_whitespace().collect())
    }

    #[test]
    fn expands_to_a_literal_model_def() {
        let code = expanded(
            "struct Tagged<T: Clone> where T: Send { #[shale(primary_key)] id: i64, \
             #[shale(skip)] marker: std::marker::PhantomData<T> }",
        )
        .unwrap();
        assert!(
            code.starts_with("impl<T:Clone>::shale::models::ModelforTagged<T>whereT:Send{"),
            "{code}"
        );
        assert!(
            code.contains("table:::std::string::String::from(\"tagged\")"),
            "{code}"
        );
        assert!(
            code.contains("primary_key:::std::vec![::std::string::String::from(\"id\")]"),
            "{code}"
        );
        assert!(
            !code.contains("marker"),
            "skipped fields are not columns: {code}"
        );
    }

    #[test]
    fn grammar_errors_keep_their_span_and_message() {
        let err = expanded("struct A { #[shale(primary_key, colour)] id: i64 }").unwrap_err();
        assert!(
            err.to_string()
                .starts_with("unknown shale attribute `colour` on a field"),
            "{err}"
        );
        let compile_error = err.into_compile_error().to_string();
        assert!(compile_error.contains("compile_error"), "{compile_error}");
    }
}
