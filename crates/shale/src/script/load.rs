//! [`load_dir`]: every script of a versions folder.

use std::fs::{self, File};
use std::io::{ErrorKind, Read};
use std::path::{Path, PathBuf};

use super::error::ScriptError;
use super::parse::{parse, Script};

/// Below this many files, reading on a second thread costs more than it saves.
const PARALLEL_FROM: usize = 256;

/// Reads and parses every `*.sql` file directly in `versions_dir` (not in
/// subfolders; hidden files, whose names start with `.`, are skipped), sorted by
/// file name. The first error in file-name order is returned.
pub fn load_dir(versions_dir: &Path) -> Result<Vec<Script>, ScriptError> {
    let paths = script_paths(versions_dir)?;
    if paths.len() < PARALLEL_FROM {
        return load_all(&paths);
    }
    let (first, second) = paths.split_at(paths.len() / 2);
    let (a, b) = std::thread::scope(|scope| {
        let other = scope.spawn(|| load_all(second));
        (load_all(first), other.join())
    });
    let b = b.unwrap_or_else(|panic| std::panic::resume_unwind(panic));
    let mut scripts = a?;
    scripts.extend(b?);
    Ok(scripts)
}

/// Loads `paths` in order, reading every file into one reused buffer.
fn load_all(paths: &[PathBuf]) -> Result<Vec<Script>, ScriptError> {
    let mut buffer = Vec::new();
    paths
        .iter()
        .map(|p| read_and_parse(p, &mut buffer))
        .collect()
}

/// Reads and parses one script file.
pub fn load_file(path: &Path) -> Result<Script, ScriptError> {
    read_and_parse(path, &mut Vec::new())
}

/// Reads `path` into `buffer` (one `open`, reads until end of file, no `stat`) and
/// parses it.
fn read_and_parse(path: &Path, buffer: &mut Vec<u8>) -> Result<Script, ScriptError> {
    let len = read_into(path, buffer).map_err(|source| ScriptError::Io {
        path: path.to_owned(),
        source,
    })?;
    let bytes = &buffer[..len];
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let valid = &bytes[..e.valid_up_to()];
        ScriptError::NotUtf8 {
            path: path.to_owned(),
            line: 1 + valid.iter().filter(|&&b| b == b'\n').count(),
        }
    })?;
    parse(path, text)
}

/// Reads the whole file into `buffer` (kept at its grown length between calls) and
/// returns the number of bytes read. Unlike `read_to_end`, which asks the file's size
/// and position first (`statx`, `lseek`), this is `open`, `read` until 0, `close`: half
/// the system calls, which is most of the cost of loading thousands of small scripts.
fn read_into(path: &Path, buffer: &mut Vec<u8>) -> std::io::Result<usize> {
    const CHUNK: usize = 16 * 1024;
    if buffer.len() < CHUNK {
        buffer.resize(CHUNK, 0);
    }
    let mut file = File::open(path)?;
    let mut len = 0;
    loop {
        if len == buffer.len() {
            buffer.resize(len * 2, 0);
        }
        match file.read(&mut buffer[len..]) {
            Ok(0) => return Ok(len),
            Ok(n) => len += n,
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
}

/// The `*.sql` files of `dir`, sorted by file name.
fn script_paths(dir: &Path) -> Result<Vec<PathBuf>, ScriptError> {
    let io = |source| ScriptError::Io {
        path: dir.to_owned(),
        source,
    };
    let entries = fs::read_dir(dir).map_err(|e| match e.kind() {
        ErrorKind::NotFound => ScriptError::VersionsDirNotFound {
            path: dir.to_owned(),
        },
        _ => io(e),
    })?;
    let mut named = Vec::new();
    for entry in entries {
        let entry = entry.map_err(io)?;
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let is_sql = name
            .len()
            .checked_sub(4)
            .and_then(|at| name.get(at..))
            .is_some_and(|ext| ext.eq_ignore_ascii_case(".sql"));
        if !is_sql || name.starts_with('.') {
            continue;
        }
        let path = entry.path();
        let file_type = entry.file_type().map_err(io)?;
        // A symbolic link counts when it leads to a file.
        let is_file = file_type.is_file() || (file_type.is_symlink() && path.is_file());
        if is_file {
            named.push((name.to_owned(), path));
        }
    }
    // Names in one folder are unique, so an unstable sort is deterministic.
    named.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    Ok(named.into_iter().map(|(_, path)| path).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn script(rev: &str) -> String {
        format!("-- shale:revision {rev}\n-- shale:upgrade\nSELECT 1;\n")
    }

    #[test]
    fn loads_sql_files_sorted_by_name() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("2_b.sql"), script("b")).unwrap();
        fs::write(dir.path().join("1_a.SQL"), script("a")).unwrap();
        fs::write(dir.path().join("notes.md"), "not a script").unwrap();
        fs::write(dir.path().join(".#3_c.sql"), "editor lock").unwrap();
        fs::create_dir(dir.path().join("sub.sql")).unwrap();
        let revs: Vec<String> = load_dir(dir.path())
            .unwrap()
            .into_iter()
            .map(|s| s.revision)
            .collect();
        assert_eq!(revs, vec!["a", "b"]);
    }

    #[test]
    fn many_files_load_in_order_on_two_threads() {
        let dir = tempfile::tempdir().unwrap();
        let count = PARALLEL_FROM + 7;
        for i in 0..count {
            fs::write(
                dir.path().join(format!("{i:05}.sql")),
                script(&format!("r{i}")),
            )
            .unwrap();
        }
        let scripts = load_dir(dir.path()).unwrap();
        assert_eq!(scripts.len(), count);
        assert!(scripts
            .iter()
            .enumerate()
            .all(|(i, s)| s.revision == format!("r{i}")));
    }

    #[test]
    fn first_error_in_name_order_wins() {
        let dir = tempfile::tempdir().unwrap();
        for i in 0..PARALLEL_FROM + 1 {
            fs::write(dir.path().join(format!("{i:05}.sql")), script("r")).unwrap();
        }
        fs::write(dir.path().join("00003.sql"), "SELECT 1;").unwrap();
        fs::write(dir.path().join("00300.sql"), "SELECT 1;").unwrap();
        let e = load_dir(dir.path()).unwrap_err();
        assert!(e.to_string().contains("00003.sql"), "{e}");
    }

    #[test]
    fn unreadable_paths_are_named() {
        let dir = tempfile::tempdir().unwrap();
        let e = load_file(dir.path()).unwrap_err();
        assert!(matches!(e, ScriptError::Io { .. }), "{e:?}");
        assert!(e.to_string().contains(&dir.path().display().to_string()));
        let file = dir.path().join("plain.sql");
        fs::write(&file, script("a")).unwrap();
        let e = load_dir(&file).unwrap_err();
        assert!(matches!(e, ScriptError::Io { .. }), "{e:?}");
        assert!(e.to_string().contains("plain.sql"), "{e}");
    }

    #[test]
    fn missing_folder_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("versions");
        let e = load_dir(&missing).unwrap_err();
        assert!(matches!(e, ScriptError::VersionsDirNotFound { .. }));
        assert!(e.to_string().contains(&missing.display().to_string()));
    }

    #[test]
    fn non_utf8_file_is_named_with_its_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("1.sql");
        fs::write(&path, b"-- shale:revision a\n-- \xff\n").unwrap();
        let e = load_dir(dir.path()).unwrap_err();
        assert!(matches!(e, ScriptError::NotUtf8 { line: 2, .. }), "{e:?}");
        assert!(e.to_string().starts_with(&format!("{}:2:", path.display())));
    }
}
