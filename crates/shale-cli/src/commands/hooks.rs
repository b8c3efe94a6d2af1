//! `[hooks] post_write` in shale.toml: commands run on each new script, such as a SQL
//! formatter, as Alembic's post-write hooks do.

use shale::config::Config;
use shale::{Error, Result};
use std::path::Path;
use std::process::{Command, Stdio};

/// Runs every `post_write` command of `config` on the new script at `path`, in order,
/// stopping at the first that fails (a clear error naming it; the script is kept).
pub fn post_write(config: &Config, path: &Path) -> Result<()> {
    for command in &config.hooks.post_write {
        run(command, path, &config.hooks.dir)?;
    }
    Ok(())
}

/// Runs one hook through the shell, `{path}` replaced by the quoted path.
fn run(command: &str, path: &Path, dir: &Path) -> Result<()> {
    // Absolute, because the hook runs in the configuration file's folder.
    let path = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let path = path.as_path();
    let shown = path.display().to_string();
    let line = command.replace("{path}", &shell_quote(&shown));
    let mut shell = shell_command(&line);
    if !dir.as_os_str().is_empty() {
        shell.current_dir(dir);
    }
    let output = shell
        .env("SHALE_SCRIPT", path)
        .stdin(Stdio::null())
        .stdout(Stdio::inherit())
        .stderr(Stdio::piped())
        .output()
        .map_err(|e| Error::Hook {
            command: command.to_string(),
            path: path.to_path_buf(),
            detail: format!("cannot start the shell: {e}"),
        })?;
    if output.status.success() {
        return Ok(());
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    let tail: Vec<&str> = stderr.lines().rev().take(5).collect();
    let tail: Vec<&str> = tail.into_iter().rev().collect();
    let status = match output.status.code() {
        Some(code) => format!("exit status {code}"),
        None => "killed by a signal".to_string(),
    };
    Err(Error::Hook {
        command: command.to_string(),
        path: path.to_path_buf(),
        detail: if tail.is_empty() {
            status
        } else {
            format!("{status}: {}", tail.join(" / "))
        },
    })
}

/// The platform's shell running `line`.
pub fn shell_command(line: &str) -> Command {
    if cfg!(windows) {
        let mut c = Command::new("cmd");
        c.args(["/C", line]);
        c
    } else {
        let mut c = Command::new("sh");
        c.args(["-c", line]);
        c
    }
}

/// `text` as one word for `sh` (single quotes; on Windows, double quotes).
pub fn shell_quote(text: &str) -> String {
    if cfg!(windows) {
        format!("\"{text}\"")
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::shell_quote;

    #[test]
    #[cfg(unix)]
    fn quotes_survive_the_shell() {
        assert_eq!(shell_quote("a b"), "'a b'");
        assert_eq!(shell_quote("it's"), r"'it'\''s'");
    }
}
