//! `shale edit REV`: open a revision's script in the user's editor, as `alembic edit`.

use crate::context::Context;
use shale::graph::Target;
use shale::{Error, Result};
use std::process::ExitCode;

/// Opens the script of `rev` in `$VISUAL`, else `$EDITOR`, else `vi`, waits for the editor,
/// then parses the script again so that a broken directive is reported at once.
pub fn edit(ctx: &Context, rev: &str) -> Result<ExitCode> {
    let project = ctx.project()?;
    let target: Target = rev.parse()?;
    let ids = project.graph.target_revisions(&target)?;
    let [id] = ids.as_slice() else {
        return Err(Error::Usage(format!(
            "`{rev}` names {} revisions; edit takes one",
            ids.len()
        )));
    };
    let path = &project.graph.get(id).expect("resolved revision").path;
    let editor = editor();
    // Through the shell, so that an editor given with arguments (`code --wait`) works.
    let line = format!(
        "{editor} {}",
        super::hooks::shell_quote(&path.display().to_string())
    );
    let status = super::hooks::shell_command(&line)
        .status()
        .map_err(|e| Error::External {
            program: editor.clone(),
            message: format!("cannot start it: {e}"),
        })?;
    if !status.success() {
        return Err(Error::External {
            program: editor,
            message: format!(
                "it exited with {} editing {}",
                status
                    .code()
                    .map_or("a signal".to_string(), |c| c.to_string()),
                path.display()
            ),
        });
    }
    let script = shale::script::load_file(path)?;
    if script.revision != *id {
        eprintln!(
            "warning: {} now declares revision {} instead of {id}: scripts that revise {id} \
             no longer find it",
            path.display(),
            script.revision
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// The editor the user chose: `VISUAL`, then `EDITOR`, then `vi` (`notepad` on Windows).
fn editor() -> String {
    ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(|var| std::env::var(var).ok())
        .find(|value| !value.trim().is_empty())
        .unwrap_or_else(|| if cfg!(windows) { "notepad" } else { "vi" }.to_string())
}
