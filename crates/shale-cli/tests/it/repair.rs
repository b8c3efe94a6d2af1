//! `shale repair`: recording the new checksum of an applied script edited on purpose, on
//! the three databases.

use crate::support::{each_db, Proj};

const R1: &str = "aaaaaaaaaaa1";
const R2: &str = "bbbbbbbbbbb2";
const R3: &str = "ccccccccccc3";

#[test]
fn repair_lists_the_edited_scripts_and_records_only_the_named_ones() {
    each_db(|db| {
        let p = Proj::new(&db.url);
        let r1 = p.rev(
            R1,
            &[],
            "CREATE TABLE users (id INTEGER PRIMARY KEY);",
            "DROP TABLE users;",
        );
        let r2 = p.rev(
            R2,
            &[R1],
            "CREATE TABLE items (id INTEGER PRIMARY KEY);",
            "DROP TABLE items;",
        );
        p.shale(&["upgrade", "head"]).ok();
        let out = p.shale(&["repair"]).ok().to_string();
        assert!(out.contains("nothing to repair"), "{out}");

        // Deliberate edits: a comment in each applied script.
        for path in [&r1, &r2] {
            let text = std::fs::read_to_string(path).unwrap();
            let text = text.replace(
                "-- shale:upgrade\n",
                "-- shale:upgrade\n-- reviewed in PR 12\n",
            );
            std::fs::write(path, text).unwrap();
        }
        p.rev(
            R3,
            &[R2],
            "CREATE TABLE tags (id INTEGER PRIMARY KEY);",
            "DROP TABLE tags;",
        );
        let err = p.shale(&["upgrade", "head"]).fails(1).to_string();
        assert!(err.contains("shale repair"), "{err}");

        // Without names: the list, exit 1, nothing recorded.
        let run = p.shale(&["repair"]);
        assert_eq!(run.code, 1, "{}", run.stderr);
        assert!(
            run.stdout.contains("2 applied script(s) differ"),
            "{}",
            run.stdout
        );
        assert!(
            run.stdout.contains(R1) && run.stdout.contains(R2),
            "{}",
            run.stdout
        );
        assert!(run
            .stdout
            .contains(&r1.file_name().unwrap().to_string_lossy().to_string()));
        assert_eq!(
            db.column("SELECT COUNT(*) FROM shale_version_history WHERE direction = 'repair'"),
            ["0"]
        );

        // A revision that is not edited (or not applied) is refused, naming the edited ones.
        let err = p.shale(&["repair", R3]).fails(2).to_string();
        assert!(
            err.contains("nothing to repair") && err.contains(R1),
            "{err}"
        );

        // Only the named one is recorded.
        let out = p.shale(&["repair", "aaaa"]).ok().to_string();
        assert!(
            out.contains("Recorded the new checksum of 1 revision(s)") && out.contains(R1),
            "{out}"
        );
        let err = p.shale(&["upgrade", "head"]).fails(1).to_string();
        assert!(err.contains(R2) && !err.contains(R1), "{err}");
        p.shale(&["repair", R2]).ok();
        let out = p.shale(&["upgrade", "head"]).ok().to_string();
        assert!(out.contains("Done: 1 revision(s) applied"), "{out}");
        assert_eq!(
            db.column("SELECT COUNT(*) FROM shale_version_history WHERE direction = 'repair'"),
            ["2"]
        );
        let out = p.shale(&["repair"]).ok().to_string();
        assert!(out.contains("nothing to repair"), "{out}");
        // The repaired revisions go down and up again as usual.
        p.shale(&["downgrade", "base"]).ok();
        p.shale(&["upgrade", "head"]).ok();
    });
}
