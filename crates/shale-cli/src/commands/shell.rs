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
    let script = with_revisions(shell, &String::from_utf8_lossy(&script));
    let _ = std::io::stdout().lock().write_all(script.as_bytes());
    Ok(ExitCode::SUCCESS)
}

/// The subcommands whose positional argument is a revision or target.
const REVISION_COMMANDS: &str = "upgrade downgrade show edit stamp lint merge repair";

/// The generated script, taught to complete revision arguments from `shale __complete`:
/// ids, branch labels, `LABEL@head`, `head`, `heads`, `base` of the project in the
/// current folder.
fn with_revisions(shell: clap_complete::Shell, script: &str) -> String {
    use clap_complete::Shell;
    match shell {
        Shell::Bash => format!(
            "{script}\n{}",
            BASH_REVISIONS.replace("COMMANDS", &REVISION_COMMANDS.replace(' ', "|"))
        ),
        Shell::Fish => format!(
            "{script}\ncomplete -c shale -n \"__fish_seen_subcommand_from {REVISION_COMMANDS}\" \
             -f -a \"(shale __complete (commandline -ct) 2>/dev/null)\"\n"
        ),
        Shell::Zsh => {
            // The helper goes first: the script's last lines may call `_shale` at once.
            let mut out = String::new();
            let mut lines = script.lines();
            if let Some(first) = lines.next() {
                out.push_str(first);
                out.push('\n');
            }
            out.push_str(ZSH_REVISIONS);
            for line in lines {
                let positional = [
                    "'::target -- ",
                    "':target -- ",
                    "':rev -- ",
                    "'::revisions -- ",
                ]
                .iter()
                .any(|p| line.starts_with(p));
                match positional {
                    true => out.push_str(&line.replace(":_default'", ":_shale_revisions'")),
                    false => out.push_str(line),
                }
                out.push('\n');
            }
            out
        }
        _ => script.to_string(),
    }
}

const BASH_REVISIONS: &str = r#"_shale_revisions() {
    local cur="${COMP_WORDS[COMP_CWORD]}" sub="" i
    for ((i = 1; i < COMP_CWORD; i++)); do
        case "${COMP_WORDS[i]}" in
            -c|--config|--url) ((i++)) ;;
            -*) ;;
            *) sub="${COMP_WORDS[i]}"; break ;;
        esac
    done
    case "$sub" in
        COMMANDS)
            if [[ "$cur" != -* || "$cur" =~ ^-[0-9] ]]; then
                COMPREPLY=( $(compgen -W "$(shale __complete "$cur" 2>/dev/null)" -- "$cur") )
                return 0
            fi ;;
    esac
    _shale "$@"
}
complete -F _shale_revisions -o nosort -o bashdefault -o default shale
"#;

const ZSH_REVISIONS: &str = r#"
_shale_revisions() {
    local -a revisions
    revisions=(${(f)"$(shale __complete "$PREFIX" 2>/dev/null)"})
    compadd -a revisions
}
"#;

/// `shale __complete PREFIX`: what a revision argument may be, starting with PREFIX.
pub fn candidates(cli: &crate::args::Cli, prefix: &str) -> Result<ExitCode> {
    let Ok(config) = shale::config::Config::load(&cli.config) else {
        return Ok(ExitCode::SUCCESS);
    };
    let Ok(project) = shale::Project::load(config) else {
        return Ok(ExitCode::SUCCESS);
    };
    let graph = &project.graph;
    let mut all: Vec<String> = ["head", "heads", "base"].map(String::from).to_vec();
    all.extend(graph.topological().iter().rev().map(|id| id.to_string()));
    for (label, _) in graph.labels() {
        all.push(label.to_string());
        all.push(format!("{label}@head"));
    }
    let mut out = std::io::stdout().lock();
    for candidate in all.iter().filter(|c| c.starts_with(prefix)) {
        let _ = writeln!(out, "{candidate}");
    }
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
