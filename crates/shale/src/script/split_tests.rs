//! Statement-splitting cases, as data: SQL in, statements (and their lines) out.

use super::split::unclosed;
use super::{split, Section, Statement, Unclosed};

/// The statements of `sql` as `(line, sql)` pairs, lines relative to `sql`.
fn statements(sql: &str) -> Vec<(usize, String)> {
    let section = Section {
        text: sql.to_owned(),
        first_line: 1,
        present: true,
    };
    section
        .statements()
        .into_iter()
        .map(|Statement { sql, line }| (line, sql))
        .collect()
}

fn sqls(sql: &str) -> Vec<String> {
    statements(sql).into_iter().map(|(_, s)| s).collect()
}

#[test]
fn plain_statements_with_lines() {
    let sql = "CREATE TABLE a (x INT);\n\nCREATE TABLE b (y INT);\nDROP TABLE c";
    assert_eq!(
        statements(sql),
        vec![
            (1, "CREATE TABLE a (x INT)".to_owned()),
            (3, "CREATE TABLE b (y INT)".to_owned()),
            (4, "DROP TABLE c".to_owned()),
        ]
    );
}

#[test]
fn quotes_hide_semicolons() {
    let sql = "INSERT INTO t VALUES ('a;b', 'it''s; ok', 'c\\';d');\n\
               SELECT \"we;ird\", `back;tick` FROM t;";
    assert_eq!(
        sqls(sql),
        vec![
            "INSERT INTO t VALUES ('a;b', 'it''s; ok', 'c\\';d')",
            "SELECT \"we;ird\", `back;tick` FROM t",
        ]
    );
}

#[test]
fn comments_hide_semicolons_and_quotes() {
    let sql = "-- a comment; with 'a quote\nSELECT 1; /* block; 'x */ SELECT /* a /* nested; */ b; */ 2;\n-- the end;\n";
    assert_eq!(
        statements(sql),
        vec![
            (2, "SELECT 1".to_owned()),
            (2, "SELECT /* a /* nested; */ b; */ 2".to_owned())
        ]
    );
}

#[test]
fn trailing_comments_make_a_piece_but_no_statement() {
    let sql = "SELECT 1;\n-- trailing\n";
    let pieces = split(sql);
    assert_eq!(pieces.len(), 2);
    assert_eq!(pieces[1].text, "\n-- trailing\n");
    assert_eq!(pieces[1].start_line, 1);
    assert_eq!(sqls(sql), vec!["SELECT 1"]);
}

#[test]
fn dollar_quoted_function_body() {
    let sql = "CREATE FUNCTION f() RETURNS trigger AS $body$\nBEGIN\n  NEW.x := 1;\n  RETURN NEW;\nEND;\n$body$ LANGUAGE plpgsql;\nDO $$ BEGIN PERFORM 1; END $$;\nSELECT $1, $2::int;";
    let got = statements(sql);
    assert_eq!(got.len(), 3, "{got:?}");
    assert!(got[0].1.ends_with("LANGUAGE plpgsql"));
    assert_eq!(got[1], (7, "DO $$ BEGIN PERFORM 1; END $$".to_owned()));
    assert_eq!(got[2], (8, "SELECT $1, $2::int".to_owned()));
}

#[test]
fn sqlite_trigger_with_case_inside_its_body() {
    let sql = "CREATE TRIGGER t_audit AFTER UPDATE ON t\nFOR EACH ROW\nBEGIN\n  INSERT INTO log VALUES (CASE WHEN NEW.x > 0 THEN 'up' ELSE 'down' END);\n  UPDATE t SET y = CASE NEW.x WHEN 1 THEN 2 END WHERE id = NEW.id;\nEND;\nSELECT 2;";
    let got = statements(sql);
    assert_eq!(got.len(), 2, "{got:?}");
    assert!(got[0].1.starts_with("CREATE TRIGGER"));
    assert!(got[0].1.ends_with("END"));
    assert_eq!(got[1], (7, "SELECT 2".to_owned()));
}

#[test]
fn mysql_procedure_with_nested_blocks_and_end_if() {
    let sql = "CREATE DEFINER=`root`@`%` PROCEDURE p(IN n INT)\nBEGIN\n  IF n > 0 THEN\n    BEGIN\n      SELECT 1;\n    END;\n  END IF;\n  lbl: LOOP\n    LEAVE lbl;\n  END LOOP lbl;\n  CASE n WHEN 1 THEN SELECT 2; ELSE SELECT 3; END CASE;\nEND;\nCALL p(1);";
    let got = sqls(sql);
    assert_eq!(got.len(), 2, "{got:?}");
    assert!(got[0].ends_with("END CASE;\nEND"));
    assert_eq!(got[1], "CALL p(1)");
}

#[test]
fn transaction_begin_is_a_statement_not_a_body() {
    let sql = "BEGIN;\nINSERT INTO t VALUES (1);\nBEGIN TRANSACTION;\nBEGIN WORK;\nEND;\nCOMMIT;";
    assert_eq!(
        sqls(sql),
        vec![
            "BEGIN",
            "INSERT INTO t VALUES (1)",
            "BEGIN TRANSACTION",
            "BEGIN WORK",
            "END",
            "COMMIT"
        ]
    );
}

#[test]
fn begin_as_a_column_name_does_not_open_a_body() {
    let sql = "SELECT begin, t.end FROM t;\nCREATE TABLE ev (function TEXT, begin INT);\nSELECT 1;";
    assert_eq!(sqls(sql).len(), 3);
}

#[test]
fn postgres_begin_atomic_body() {
    let sql = "CREATE FUNCTION add(a int, b int) RETURNS int LANGUAGE sql\nBEGIN ATOMIC\n  SELECT a + b;\nEND;\nSELECT add(1, 2);";
    assert_eq!(sqls(sql).len(), 2);
}

#[test]
fn parentheses_hold_rule_actions_together() {
    let sql = "CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO a VALUES (1); INSERT INTO b VALUES (2));\nSELECT 1;";
    assert_eq!(sqls(sql).len(), 2);
}

#[test]
fn last_statement_without_semicolon_and_empty_statements() {
    assert_eq!(
        sqls(";;SELECT 1;;\n  SELECT 2  \n"),
        vec!["SELECT 1", "SELECT 2"]
    );
    assert!(sqls("").is_empty());
    assert!(split("").is_empty());
}

#[test]
fn mysql_executable_comment_is_a_statement() {
    assert_eq!(
        sqls("/*!40101 SET NAMES utf8 */;\nSELECT 1;"),
        vec!["/*!40101 SET NAMES utf8 */", "SELECT 1"]
    );
}

#[test]
fn pieces_concatenate_back_and_know_their_lines() {
    let sql = "a;\r\nb 'x\ny';\rc -- z;\n/* q */";
    let pieces = split(sql);
    let joined: String = pieces.iter().map(|p| p.text.as_str()).collect();
    assert_eq!(joined, sql);
    let lines: Vec<usize> = pieces.iter().map(|p| p.start_line).collect();
    assert_eq!(lines, vec![1, 1, 3]);
    assert_eq!(statements(sql)[1], (2, "b 'x\ny'".to_owned()));
    assert_eq!(statements(sql)[2].0, 4);
}

/// Constructs opened and never closed, with the line where each opens; and closed
/// look-alikes, which must pass.
#[test]
fn unclosed_constructs_and_the_line_they_open_on() {
    let dollar = |tag: &str| Unclosed::DollarQuote { tag: tag.into() };
    let cases: Vec<(&str, Option<(Unclosed, usize)>)> = vec![
        // The case: the comment hides the statement after it.
        (
            "/* oops\nALTER TABLE users ADD COLUMN name TEXT;",
            Some((Unclosed::BlockComment, 1)),
        ),
        ("SELECT 1;\n/* a /* b */\nSELECT 2;", Some((Unclosed::BlockComment, 2))),
        ("SELECT 1;\n\nINSERT INTO t VALUES ('x);", Some((Unclosed::String, 3))),
        ("SELECT 'it''s;\nSELECT 2;", Some((Unclosed::String, 1))),
        ("SELECT 'C:\\';\nSELECT 2;", Some((Unclosed::String, 1))),
        ("SELECT \"col;\nSELECT 2;", Some((Unclosed::QuotedIdentifier, 1))),
        ("SELECT 1;\nSELECT `col;", Some((Unclosed::BacktickIdentifier, 2))),
        ("DO $$ BEGIN PERFORM 1; END;\nSELECT 2;", Some((dollar("$$"), 1))),
        (
            "CREATE FUNCTION f() RETURNS int AS $body$\nSELECT 1;\n$bod$;",
            Some((dollar("$body$"), 1)),
        ),
        (
            "SELECT 1;\nCREATE TRIGGER t AFTER INSERT ON a FOR EACH ROW\nBEGIN\n  INSERT INTO b VALUES (1);\nSELECT 2;",
            Some((Unclosed::Body, 3)),
        ),
        (
            "CREATE PROCEDURE p()\nBEGIN\n  BEGIN\n    SELECT 1;\n  END;\n",
            Some((Unclosed::Body, 2)),
        ),
        (
            "CREATE TRIGGER t AFTER INSERT ON a FOR EACH ROW\nBEGIN\n  SELECT CASE WHEN 1 THEN 2;\nEND;",
            Some((Unclosed::Body, 2)),
        ),
        // Closed: nothing to report.
        ("SELECT 'a;''b', \"c\"\"d\", `e`, 'f\\'g' /* h /* i */ j */;", None),
        ("-- an apostrophe in a comment: it's fine\nSELECT 1;", None),
        ("DO $$ BEGIN PERFORM 1; END $$;\nSELECT $1;", None),
        (
            "CREATE TRIGGER t AFTER INSERT ON a FOR EACH ROW\nBEGIN\n  SELECT CASE WHEN 1 THEN 2 END;\nEND",
            None,
        ),
        (
            "CREATE PROCEDURE p()\nBEGIN\n  IF 1 THEN SELECT 1; END IF;\n  CASE 1 WHEN 1 THEN SELECT 2; END CASE;\nEND;",
            None,
        ),
        ("BEGIN;\nSELECT 1;\nCOMMIT;", None),
        ("SELECT 1;\n-- trailing /* not a comment opener\n", None),
        ("", None),
    ];
    for (sql, expected) in cases {
        assert_eq!(unclosed(sql), expected, "{sql}");
    }
}
