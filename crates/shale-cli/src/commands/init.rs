//! `shale init`: the project layout.

use crate::args::Cli;
use shale::config::init_text;
use shale::{Error, Result};
use std::path::Path;
use std::process::ExitCode;

/// Creates the configuration file and `DIR/versions/`, refusing to overwrite either.
pub fn init(cli: &Cli, dir: &str) -> Result<ExitCode> {
    let config = &cli.config;
    let base = config.parent().unwrap_or(Path::new(""));
    let scripts = base.join(dir);
    for path in [config.as_path(), scripts.as_path()] {
        if path.exists() {
            return Err(Error::Exists {
                path: path.to_path_buf(),
            });
        }
    }
    let versions = scripts.join("versions");
    std::fs::create_dir_all(&versions).map_err(|e| Error::io(&versions, e))?;
    std::fs::write(config, init_text(dir)).map_err(|e| Error::io(config, e))?;
    if cli.json {
        crate::output::json(&serde_json::json!({
            "config": config, "versions": versions,
        }));
    } else {
        outln!("Created {}", config.display());
        outln!("Created {}/", versions.display());
        outln!(
            "Next: shale revision -m \"create users\", edit the script, then shale upgrade head"
        );
    }
    Ok(ExitCode::SUCCESS)
}
