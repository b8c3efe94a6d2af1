//! [`AdoptError`]: why `baseline` or `squash` refuses.

/// Why `baseline` or `squash` refuses, saying what to do instead.
#[derive(Debug, thiserror::Error)]
pub enum AdoptError {
    #[error("the project already has {count} revision script(s) in {dir}: a baseline is the first revision of a history. \
             To adopt a database that those scripts describe, `shale stamp REV` it at the revision it matches \
             (`shale check --drift` after the stamp shows any difference); to start over, move the scripts away first")]
    ScriptsExist { count: usize, dir: String },
    #[error("the database already has shale history in {table} ({what}): baseline is for a database shale never managed. \
             `shale current` shows where it is; `shale revision --autogenerate` writes what differs from the models")]
    AlreadyManaged { table: String, what: String },
    #[error("the database is empty (no table, view, function … outside shale's own tables): there is nothing to baseline. \
             Write the first revision with `shale revision --autogenerate -m MSG`")]
    EmptyDatabase,
    #[error("squashed revision {revision}: {problem}")]
    BadReplaces { revision: String, problem: String },
    #[error("cannot squash {range}: {problem}")]
    BadRange { range: String, problem: String },
    #[error("no squash to finish: no script declares `-- shale:replaces` with replaced scripts still in the folder")]
    NothingToFinish,
    #[error("the database is at {head}, inside the range that {squash} replaces: it still needs the original scripts. \
             Run `shale upgrade` on it (past {end}) before `shale squash --finish`")]
    InsideRange {
        head: String,
        squash: String,
        end: String,
    },
}
