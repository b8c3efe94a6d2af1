//! Parsing cases: literal scripts, every directive and every error.

use std::path::Path;

use super::{parse, render, NewScript, Script, ScriptError};

const PATH: &str = "migrations/versions/20261125_1030_3f2a9c1d7b4e_add.sql";

fn ok(text: &str) -> Script {
    parse(Path::new(PATH), text).unwrap_or_else(|e| panic!("{e}"))
}

/// Parses `text`, expecting an error whose message names the file and `line`.
fn err(text: &str, line: Option<usize>) -> ScriptError {
    let error = parse(Path::new(PATH), text).expect_err("the script should not parse");
    let message = error.to_string();
    let expected = match line {
        Some(line) => format!("{PATH}:{line}: "),
        None => format!("{PATH}: "),
    };
    assert!(message.starts_with(&expected), "{message}");
    error
}

const FULL: &str = "\
-- shale:revision 3f2a9c1d7b4e
-- shale:revises  a1b2c3d4e5f6
-- shale:message  add display_name to users
-- shale:created  2026-11-25T10:30:00Z

-- shale:upgrade
ALTER TABLE users ADD COLUMN display_name VARCHAR(80);

-- shale:downgrade
ALTER TABLE users DROP COLUMN display_name;
";

#[test]
fn the_spec_example() {
    let s = ok(FULL);
    assert_eq!(s.revision, "3f2a9c1d7b4e");
    assert_eq!(s.revises, vec!["a1b2c3d4e5f6"]);
    assert_eq!(s.message, "add display_name to users");
    assert_eq!(s.created.as_deref(), Some("2026-11-25T10:30:00Z"));
    assert!(s.transactional);
    assert_eq!(s.path, Path::new(PATH));
    assert_eq!(
        s.upgrade.text,
        "ALTER TABLE users ADD COLUMN display_name VARCHAR(80);\n\n"
    );
    assert_eq!(s.upgrade.first_line, 7);
    assert!(s.upgrade.present && s.downgrade.present);
    assert_eq!(s.downgrade.first_line, 10);
    let down = s.downgrade.statements();
    assert_eq!(down[0].sql, "ALTER TABLE users DROP COLUMN display_name");
    assert_eq!(down[0].line, 10);
    assert_eq!(s.upgrade.statements()[0].line, 7);
    assert!(!s.downgrade.is_irreversible());
}

#[test]
fn root_merge_and_minimal_scripts() {
    let root = ok("-- shale:revision abc\n-- shale:revises\n-- shale:upgrade\nSELECT 1;");
    assert!(root.revises.is_empty());
    assert_eq!(root.message, "");
    assert_eq!(root.created, None);
    assert!(!root.downgrade.present);
    assert!(root.downgrade.is_empty());
    assert_eq!(root.downgrade.first_line, 5);

    let merge = ok("-- shale:revision m1\n-- shale:revises a1, b2  c3\n-- shale:upgrade\n");
    assert_eq!(merge.revises, vec!["a1", "b2", "c3"]);
    assert!(merge.upgrade.is_empty());
    assert_eq!(merge.upgrade.first_line, 4);
}

#[test]
fn sections_in_either_order_and_header_comments() {
    let s = ok("/* licence; notes */\n-- a comment\n-- shale:revision r\n\n-- shale:downgrade\nDROP TABLE t;\n-- shale:upgrade\nCREATE TABLE t (a INT);\n");
    assert_eq!(s.downgrade.text, "DROP TABLE t;\n");
    assert_eq!(s.upgrade.text, "CREATE TABLE t (a INT);\n");
    assert_eq!(s.upgrade.first_line, 8);
    assert_eq!(s.downgrade.first_line, 6);
}

#[test]
fn transaction_off_in_header_or_section() {
    let header = ok("-- shale:revision r\n-- shale:transaction off\n-- shale:upgrade\nCREATE INDEX CONCURRENTLY i ON t (a);\n");
    assert!(!header.transactional);
    let inside = ok("-- shale:revision r\n-- shale:upgrade\n-- shale:transaction OFF\nCREATE INDEX CONCURRENTLY i ON t (a);\n");
    assert!(!inside.transactional);
    assert!(ok("-- shale:revision r\n-- shale:transaction on\n-- shale:upgrade\n").transactional);
}

#[test]
fn foreign_keys_off() {
    let s = ok("-- shale:revision r\n-- shale:foreign-keys off\n-- shale:upgrade\n");
    assert!(s.foreign_keys_off && s.transactional);
    assert!(
        !ok("-- shale:revision r\n-- shale:foreign-keys on\n-- shale:upgrade\n").foreign_keys_off
    );
    assert!(!ok("-- shale:revision r\n-- shale:upgrade\n").foreign_keys_off);
    let e = err(
        "-- shale:revision r\n-- shale:foreign-keys maybe\n-- shale:upgrade\n",
        Some(2),
    );
    assert!(
        matches!(e, ScriptError::InvalidDirectiveValue { .. }),
        "{e:?}"
    );
    let e = err("-- shale:revision r\n-- shale:foreign-keys off\n-- shale:upgrade\n-- shale:foreign-keys off\n", Some(4));
    assert!(
        matches!(e, ScriptError::DuplicateDirective { first_line: 2, .. }),
        "{e:?}"
    );
}

#[test]
fn irreversible_downgrade() {
    let s = ok("-- shale:revision r\n-- shale:upgrade\nDROP TABLE t;\n-- shale:downgrade\n-- shale:irreversible the data is gone\n");
    assert!(s.downgrade.is_irreversible());
    assert!(s.downgrade.is_empty());
    assert!(!s.upgrade.is_irreversible());
}

#[test]
fn crlf_files_parse_and_checksum_like_lf_files() {
    let crlf = FULL.replace('\n', "\r\n");
    let (a, b) = (ok(FULL), ok(&crlf));
    assert_eq!(a.upgrade.checksum(), b.upgrade.checksum());
    assert_eq!(a.downgrade.checksum(), b.downgrade.checksum());
    assert_eq!(a.downgrade.statements(), b.downgrade.statements());
    let spaced = FULL.replace(";\n", ";   \t\n");
    assert_eq!(a.upgrade.checksum(), ok(&spaced).upgrade.checksum());
    assert_ne!(a.upgrade.checksum(), a.downgrade.checksum());
}

#[test]
fn byte_order_mark_is_ignored() {
    assert_eq!(ok(&format!("\u{feff}{FULL}")).revision, "3f2a9c1d7b4e");
}

#[test]
fn missing_revision() {
    let e = err("-- shale:upgrade\nSELECT 1;\n", None);
    assert!(matches!(e, ScriptError::MissingRevision { .. }), "{e:?}");
    let e = err("SELECT 1;\n", None);
    assert!(matches!(e, ScriptError::MissingRevision { .. }), "{e:?}");
}

#[test]
fn malformed_revision_ids() {
    for (text, line) in [
        ("-- shale:revision 3F2A\n-- shale:upgrade\n", 1),
        ("-- shale:revision\n-- shale:upgrade\n", 1),
        ("-- shale:revision a-b\n-- shale:upgrade\n", 1),
        (
            "-- shale:revision r\n-- shale:revises ok bad!\n-- shale:upgrade\n",
            2,
        ),
    ] {
        let e = err(text, Some(line));
        assert!(matches!(e, ScriptError::MalformedRevision { .. }), "{e:?}");
    }
}

#[test]
fn unknown_directive_anywhere() {
    let e = err(
        "-- shale:revision r\n-- shale:upgrade\n-- shale:irreversable\n",
        Some(3),
    );
    assert!(
        matches!(&e, ScriptError::UnknownDirective { name, .. } if name == "irreversable"),
        "{e:?}"
    );
}

#[test]
fn duplicate_directives() {
    for (text, line) in [
        ("-- shale:revision a\n-- shale:revision b\n-- shale:upgrade\n", 2),
        ("-- shale:revision a\n-- shale:revises\n-- shale:revises b\n-- shale:upgrade\n", 3),
        ("-- shale:revision a\n-- shale:message x\n-- shale:message y\n-- shale:upgrade\n", 3),
        ("-- shale:revision a\n-- shale:created 2026-11-25T10:30:00Z\n-- shale:created 2026-11-25T10:30:00Z\n-- shale:upgrade\n", 3),
        ("-- shale:revision a\n-- shale:transaction off\n-- shale:upgrade\n-- shale:transaction off\n", 4),
    ] {
        let e = err(text, Some(line));
        assert!(matches!(e, ScriptError::DuplicateDirective { .. }), "{e:?}");
    }
}

#[test]
fn duplicate_section_markers() {
    let e = err(
        "-- shale:revision a\n-- shale:upgrade\n-- shale:downgrade\n-- shale:upgrade\n",
        Some(4),
    );
    assert!(
        matches!(e, ScriptError::DuplicateSection { first_line: 2, .. }),
        "{e:?}"
    );
    assert!(e.to_string().contains("first at line 2"));
}

#[test]
fn missing_upgrade_marker() {
    let e = err(
        "-- shale:revision a\n-- shale:downgrade\nDROP TABLE t;\n",
        None,
    );
    assert!(matches!(e, ScriptError::MissingUpgrade { .. }), "{e:?}");
}

#[test]
fn sql_before_the_first_section() {
    let e = err(
        "-- shale:revision a\n\nCREATE TABLE t (a INT);\n-- shale:upgrade\n",
        Some(3),
    );
    assert!(
        matches!(e, ScriptError::StatementBeforeSection { .. }),
        "{e:?}"
    );
}

#[test]
fn misplaced_directives() {
    for (text, line) in [
        (
            "-- shale:revision a\n-- shale:upgrade\n-- shale:message late\n",
            3,
        ),
        (
            "-- shale:revision a\n-- shale:irreversible\n-- shale:upgrade\n",
            2,
        ),
        (
            "-- shale:revision a\n-- shale:upgrade\n-- shale:irreversible\n-- shale:downgrade\n",
            3,
        ),
    ] {
        let e = err(text, Some(line));
        assert!(matches!(e, ScriptError::MisplacedDirective { .. }), "{e:?}");
    }
}

#[test]
fn invalid_directive_values() {
    for (text, line) in [
        (
            "-- shale:revision a\n-- shale:transaction maybe\n-- shale:upgrade\n",
            2,
        ),
        (
            "-- shale:revision a\n-- shale:created yesterday\n-- shale:upgrade\n",
            2,
        ),
        ("-- shale:revision a\n-- shale:upgrade now\n", 2),
        (
            "-- shale:revision a\n-- shale:revises b b\n-- shale:upgrade\n",
            2,
        ),
        (
            "-- shale:revision a\n-- shale:revises a\n-- shale:upgrade\n",
            1,
        ),
    ] {
        let e = err(text, Some(line));
        assert!(
            matches!(e, ScriptError::InvalidDirectiveValue { .. }),
            "{e:?}"
        );
    }
}

#[test]
fn render_writes_the_spec_format() {
    let parents = vec!["a1b2c3d4e5f6".to_owned()];
    let new = NewScript {
        revision: "3f2a9c1d7b4e",
        revises: &parents,
        message: "add display_name to users",
        created: "2026-11-25T10:30:00Z",
        upgrade: "ALTER TABLE users ADD COLUMN display_name VARCHAR(80);",
        downgrade: "ALTER TABLE users DROP COLUMN display_name;\n",
        transactional: true,
        foreign_keys_off: false,
        branch_labels: &[],
        depends_on: &[],
    };
    assert_eq!(render(&new), FULL);
}

#[test]
fn render_root_non_transactional_and_round_trip() {
    let new = NewScript {
        revision: "abc",
        revises: &[],
        message: "two\nlines",
        created: "",
        upgrade: "\n\nCREATE INDEX CONCURRENTLY i ON t (a);\n\n",
        downgrade: "",
        transactional: false,
        foreign_keys_off: true,
        branch_labels: &[],
        depends_on: &[],
    };
    let text = render(&new);
    assert_eq!(
        text,
        "-- shale:revision abc\n-- shale:revises\n-- shale:message  two lines\n-- shale:transaction off\n-- shale:foreign-keys off\n\n-- shale:upgrade\nCREATE INDEX CONCURRENTLY i ON t (a);\n\n-- shale:downgrade\n"
    );
    let s = ok(&text);
    assert_eq!(s.revision, "abc");
    assert!(s.revises.is_empty() && !s.transactional && s.foreign_keys_off);
    assert_eq!(s.message, "two lines");
    assert!(s.downgrade.present && s.downgrade.is_empty());
}

/// A section that leaves a construct open does not load: the error names the file, the
/// line where the construct opens (in file lines), the section and what closes it.
#[test]
fn unterminated_constructs_are_load_errors() {
    let head = "-- shale:revision r1\n-- shale:upgrade\n";
    // (sections after the header, file line, section, what is named)
    let cases = [
        (
            "/* oops\nALTER TABLE users ADD COLUMN name TEXT;\n",
            3,
            "upgrade",
            "block comment `/*`",
        ),
        (
            "SELECT 1;\n\nSELECT 'x;\n-- shale:downgrade\nSELECT 1;\n",
            5,
            "upgrade",
            "string `'`",
        ),
        (
            "SELECT 1;\n-- shale:downgrade\nSELECT 1;\nDO $f$ BEGIN END $$;\n",
            6,
            "downgrade",
            "dollar quote `$f$`",
        ),
        (
            "CREATE TRIGGER t AFTER INSERT ON a FOR EACH ROW\nBEGIN\n  SELECT 1;\n",
            4,
            "upgrade",
            "`BEGIN … END` body",
        ),
    ];
    for (sections, line, section, what) in cases {
        let e = err(&format!("{head}{sections}"), Some(line));
        let message = e.to_string();
        assert!(
            matches!(e, ScriptError::Unterminated { section: s, .. } if s == section),
            "{message}"
        );
        assert!(
            message.contains(&format!("unterminated {what} in the {section} section")),
            "{message}"
        );
    }
}
