//! Branch labels (`LABEL@head`, `LABEL@REV`) and dependencies (`depends-on`).

use super::*;
use crate::graph::{GraphError, Target};

/// `(id, parents, labels, depends_on)` rows, file names in list order.
type Row<'a> = (&'a str, &'a [&'a str], &'a [&'a str], &'a [&'a str]);

fn labelled(spec: &[Row]) -> Result<RevisionGraph, GraphError> {
    let to = |list: &[&str]| list.iter().map(|s| s.to_string()).collect();
    RevisionGraph::new(
        spec.iter()
            .enumerate()
            .map(|(n, (id, parents, labels, deps))| Revision {
                id: id.to_string(),
                parents: to(parents),
                message: format!("revision {id}"),
                path: PathBuf::from(format!("versions/{n:03}_{id}.sql")),
                branch_labels: to(labels),
                depends_on: to(deps),
            })
            .collect(),
    )
}

/// Two independent branches, `core` (c1 <- c2 <- c3) and `net` (n1 <- n2), where n2 needs
/// c2 applied first.
fn two_branches() -> RevisionGraph {
    labelled(&[
        ("c1", &[], &["core"], &[]),
        ("c2", &["c1"], &[], &[]),
        ("c3", &["c2"], &[], &[]),
        ("n1", &[], &["net"], &[]),
        ("n2", &["n1"], &[], &["c2"]),
    ])
    .expect("valid graph")
}

fn target(text: &str) -> Target {
    text.parse().unwrap()
}

#[test]
fn a_label_names_its_branch_head_and_its_revisions() {
    let g = two_branches();
    assert_eq!(g.labels(), [("core", "c1"), ("net", "n1")]);
    assert_eq!(g.resolve_target(&[], &target("core@head")).unwrap(), ["c3"]);
    assert_eq!(
        g.resolve_target(&[], &target("net@head")).unwrap(),
        strings(&["c2", "n2"]),
        "n2 depends on c2, which stays a head of its own branch"
    );
    assert_eq!(g.resolve("net").unwrap(), "n1");
    assert_eq!(g.resolve_target(&[], &target("core@c2")).unwrap(), ["c2"]);
    assert_eq!(
        g.resolve_target(&[], &target("core@head-1")).unwrap(),
        ["c2"]
    );
    assert_eq!(g.branches_of("c3"), ["core"]);
    assert_eq!(g.branches_of("n2"), ["net"]);
}

#[test]
fn a_revision_of_another_branch_or_an_unknown_label_is_refused() {
    let g = two_branches();
    let err = g.resolve_target(&[], &target("core@n2")).unwrap_err();
    assert!(matches!(err, GraphError::NotOnBranch { .. }), "{err:?}");
    assert!(err.to_string().contains("not on branch `core`"), "{err}");
    let err = g.resolve_target(&[], &target("nope@head")).unwrap_err();
    assert_eq!(
        err,
        GraphError::UnknownBranch {
            label: "nope".into(),
            known: strings(&["core", "net"])
        }
    );
}

#[test]
fn a_dependency_is_applied_first_and_stays_a_head() {
    let g = two_branches();
    assert_eq!(g.heads(), ["c3", "n2"]);
    assert_eq!(g.branch_points(), Vec::<&str>::new());
    assert_eq!(g.dependencies("n2"), ["c2"]);
    assert_eq!(g.dependents("c2"), ["n2"]);
    let steps = g.upgrade_steps(&[], &target("net@head")).unwrap();
    assert_eq!(revs(&steps), ["c1", "c2", "n1", "n2"]);
    assert_chained(&[], &steps);
    assert_eq!(steps[3].heads_after, ["c2", "n2"]);
    // From there the core branch goes on as usual.
    let steps = g
        .upgrade_steps(&strings(&["c2", "n2"]), &target("core@head"))
        .unwrap();
    assert_eq!(revs(&steps), ["c3"]);
    assert_eq!(steps[0].heads_after, ["c3", "n2"]);
}

#[test]
fn downgrading_a_dependency_first_downgrades_what_depends_on_it() {
    let g = two_branches();
    let steps = g
        .downgrade_steps(&strings(&["c2", "n2"]), &target("c1"))
        .unwrap();
    assert_eq!(revs(&steps), ["n2", "c2"]);
    assert_chained(&["c2", "n2"], &steps);
    assert_eq!(steps[1].heads_after, ["c1", "n1"]);
}

#[test]
fn going_below_a_branch_root_unapplies_only_that_branch() {
    let g = two_branches();
    let at = strings(&["c3", "n2"]);
    let steps = g.downgrade_steps(&at, &target("net@head-2")).unwrap();
    assert_eq!(revs(&steps), ["n2", "n1"]);
    assert_eq!(steps[1].heads_after, ["c3"]);
    assert_eq!(
        g.resolve_target(&at, &target("net@head-2")).unwrap(),
        ["c3"]
    );
    // The core branch's root takes what depends on it along.
    let steps = g.downgrade_steps(&at, &target("core@c2-2")).unwrap();
    assert_eq!(revs(&steps), ["n2", "c3", "c2", "c1"]);
    assert_eq!(steps[3].heads_after, ["n1"]);
    // Nothing of the branch applied: an upgrade to it has nothing to do.
    assert!(g
        .upgrade_steps(&strings(&["c3"]), &target("net@head-2"))
        .unwrap()
        .is_empty());
}

#[test]
fn label_at_base_unapplies_the_branch_from_its_labelled_revision() {
    let g = two_branches();
    let at = strings(&["c3", "n2"]);
    let steps = g.downgrade_steps(&at, &target("net@base")).unwrap();
    assert_eq!(revs(&steps), ["n2", "n1"]);
    assert_eq!(steps[1].heads_after, ["c3"]);
    assert_eq!(g.resolve_target(&at, &target("net@base")).unwrap(), ["c3"]);
    // What depends on the branch goes with it; the rest stays.
    let steps = g.downgrade_steps(&at, &target("core@base")).unwrap();
    assert_eq!(revs(&steps), ["n2", "c3", "c2", "c1"]);
    assert_eq!(steps[3].heads_after, ["n1"]);
    // Nothing of it applied: nothing to do.
    assert!(g
        .downgrade_steps(&strings(&["c3"]), &target("net@base"))
        .unwrap()
        .is_empty());
}

#[test]
fn a_version_table_naming_only_the_dependent_still_counts_the_dependency() {
    let g = two_branches();
    let steps = g
        .upgrade_steps(&strings(&["n2"]), &target("core@head"))
        .unwrap();
    assert_eq!(revs(&steps), ["c3"]);
}

#[test]
fn bad_labels_and_dependencies_do_not_build() {
    let err = labelled(&[("a", &[], &["x"], &[]), ("b", &["a"], &["x"], &[])]).unwrap_err();
    assert!(matches!(err, GraphError::DuplicateLabel { .. }), "{err:?}");
    let err = labelled(&[("a", &[], &[], &[]), ("b", &[], &["a"], &[])]).unwrap_err();
    assert!(matches!(err, GraphError::LabelIsRevision { .. }), "{err:?}");
    let err = labelled(&[("a", &[], &[], &["zz"])]).unwrap_err();
    assert!(
        matches!(err, GraphError::UnknownDependency { .. }),
        "{err:?}"
    );
    let err = labelled(&[("a", &[], &[], &["b"]), ("b", &["a"], &[], &[])]).unwrap_err();
    assert!(matches!(err, GraphError::Cycle { .. }), "{err:?}");
    // A dependency may be named by label or prefix.
    let g = labelled(&[
        ("aa1", &[], &["lib"], &[]),
        ("bb1", &[], &[], &["lib"]),
        ("cc1", &[], &[], &["aa"]),
    ])
    .unwrap();
    assert_eq!(g.dependencies("bb1"), ["aa1"]);
    assert_eq!(g.dependencies("cc1"), ["aa1"]);
}

#[test]
fn label_relative_steps_count_from_the_databases_head_on_that_branch() {
    let g = two_branches();
    let at = strings(&["c3", "n2"]);
    let ids = |steps: Vec<crate::graph::Step>| -> Vec<String> {
        steps.into_iter().map(|s| s.revision).collect()
    };
    // One step down the net branch: n2 alone; core stays at c3.
    let steps = g.downgrade_steps(&at, &target("net@-1")).unwrap();
    assert_eq!(ids(steps), ["n2"]);
    // One step down core: c3 alone (n2 depends on c2, not c3).
    let steps = g.downgrade_steps(&at, &target("core@-1")).unwrap();
    assert_eq!(ids(steps), ["c3"]);
    // Two steps down core: c2 goes, so n2 (which depends on it) goes first.
    let steps = g.downgrade_steps(&at, &target("core@-2")).unwrap();
    assert_eq!(ids(steps), ["n2", "c3", "c2"]);
    // Past the branch's root: out of range, nothing planned.
    let err = g.downgrade_steps(&at, &target("net@-3")).unwrap_err();
    assert!(
        matches!(err, GraphError::RelativeOutOfRange { .. }),
        "{err:?}"
    );
    // Up one step on core from c2.
    let steps = g
        .upgrade_steps(&strings(&["c2", "n2"]), &target("core@+1"))
        .unwrap();
    assert_eq!(ids(steps), ["c3"]);
    // Nothing of the branch applied: nothing to count from.
    let err = g
        .downgrade_steps(&strings(&["c3"]), &target("net@-1"))
        .unwrap_err();
    assert!(
        err.to_string().contains("no revision of branch `net`"),
        "{err}"
    );
}
