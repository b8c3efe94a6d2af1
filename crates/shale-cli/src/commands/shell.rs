//! `shale completions SHELL` and `shale man`: generated from the clap definitions, so they
//! cannot drift from the commands.

use crate::args::Cli;
use clap::CommandFactory;
use shale::{Error, Result};
use std::io::Write;
use std::process::ExitCode;

/// Prints the completion script for `shell` on stdout.
pub fn completions(shell: clap_complete::Shell) -> Result<ExitCode> {
    let mut command = Cli::command();
    // Generated into memory: clap_complete panics on a write error (`| head`).
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "shale", &mut script);
    let _ = std::io::stdout().lock().write_all(&script);
    Ok(ExitCode::SUCCESS)
}

/// Prints the manual page, `shale(1)`, as roff on stdout.
pub fn man() -> Result<ExitCode> {
    let command = Cli::command()
        .about("schema migrations for SQL databases (SQLite, PostgreSQL, MySQL/MariaDB)");
    let mut page = Vec::new();
    clap_mangen::Man::new(command)
        .render(&mut page)
        .map_err(|e| Error::Usage(format!("cannot render the manual page: {e}")))?;
    let page = String::from_utf8_lossy(&page);
    let _ = std::io::stdout()
        .lock()
        .write_all(title_first(&page).as_bytes());
    Ok(ExitCode::SUCCESS)
}

/// The page with its `.TH` title line moved to the top, where man(1) and tools that
/// recognise a page by its first line look for it; clap_mangen puts two string
/// definitions before it, which may come anywhere before their use.
fn title_first(page: &str) -> String {
    let Some(title) = page.lines().find(|l| l.starts_with(".TH ")) else {
        return page.to_string();
    };
    let mut out = format!("{title}\n");
    for line in page.lines().filter(|l| *l != title) {
        out.push_str(line);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::title_first;

    #[test]
    fn the_title_comes_first() {
        let page = ".ie x\n.el y\n.TH shale 1\n.SH NAME\n";
        assert_eq!(title_first(page), ".TH shale 1\n.ie x\n.el y\n.SH NAME\n");
        assert_eq!(title_first(".SH NAME\n"), ".SH NAME\n");
    }
}
