//! Rebuilds the service when a migration script is added to a migrations folder
//! (`embed_migrations!` already tracks the scripts it embedded; see `shale::embed`).

fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
