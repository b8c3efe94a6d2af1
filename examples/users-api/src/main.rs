//! `cargo run -p users-api`: serves the API on BIND_ADDR (default 127.0.0.1:3000) over
//! DATABASE_URL (default: a SQLite file next to Cargo.toml), migrating it first — unless
//! USERS_API_MIGRATE=off, when the revisions are applied with the `shale` CLI.

use std::process::ExitCode;
use users_api::{Service, Settings};

#[tokio::main]
async fn main() -> ExitCode {
    let settings = match Settings::from_env() {
        Ok(settings) => settings,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let migrate = std::env::var("USERS_API_MIGRATE").map_or(true, |v| v != "off");
    let started = match migrate {
        true => Service::start(&settings).await,
        false => Service::open(&settings).await,
    };
    let service = match started {
        Ok(service) => service,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    eprintln!("users-api listening on http://{}", service.addr());
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    match service.run(shutdown).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
