//! Building the graph and querying its structure.

use super::*;
use crate::graph::GraphError;
use std::collections::HashSet;

#[test]
fn linear_graph_has_one_head_and_one_base() {
    let g = linear();
    assert_eq!(g.len(), 4);
    assert!(!g.is_empty());
    assert_eq!(g.heads(), ["d0"]);
    assert_eq!(g.bases(), ["a0"]);
    assert!(g.branch_points().is_empty());
    assert!(g.merge_points().is_empty());
    assert_eq!(g.topological(), ["a0", "b0", "c0", "d0"]);
    assert_eq!(g.children("b0"), ["c0"]);
    assert!(g.children("d0").is_empty());
    assert!(g.children("nope").is_empty());
}

#[test]
fn branch_has_two_heads_and_a_branch_point() {
    let g = branched();
    assert_eq!(g.heads(), ["x2", "y1"]);
    assert_eq!(g.bases(), ["r"]);
    assert_eq!(g.branch_points(), ["r"]);
    assert!(g.merge_points().is_empty());
    assert_eq!(g.children("r"), ["x1", "y1"]);
}

#[test]
fn merge_joins_the_heads() {
    let g = merged();
    assert_eq!(g.heads(), ["m"]);
    assert_eq!(g.branch_points(), ["r"]);
    assert_eq!(g.merge_points(), ["m"]);
    assert_eq!(
        g.get("m").map(|r| r.parents.clone()),
        Some(strings(&["x2", "y1"]))
    );
}

#[test]
fn two_roots_are_two_bases() {
    let g = two_roots();
    assert_eq!(g.bases(), ["p", "q"]);
    assert_eq!(g.heads(), ["p", "q2"]);
    assert!(g.branch_points().is_empty());
}

#[test]
fn diamond_is_both_branch_and_merge() {
    let g = diamond();
    assert_eq!(g.heads(), ["m"]);
    assert_eq!(g.bases(), ["r"]);
    assert_eq!(g.branch_points(), ["r"]);
    assert_eq!(g.merge_points(), ["m"]);
    assert_eq!(g.topological(), ["r", "a", "b", "m"]);
}

#[test]
fn empty_graph_has_nothing() {
    let g = RevisionGraph::new(Vec::new()).unwrap();
    assert!(g.is_empty());
    assert!(g.heads().is_empty());
    assert!(g.bases().is_empty());
    assert!(g.topological().is_empty());
}

#[test]
fn topological_order_ignores_input_order() {
    let mut shuffled = revisions(&[
        ("r", &[]),
        ("x1", &["r"]),
        ("x2", &["x1"]),
        ("y1", &["r"]),
        ("m", &["x2", "y1"]),
    ]);
    shuffled.reverse();
    let g = RevisionGraph::new(shuffled).unwrap();
    assert_eq!(g.topological(), merged().topological());
    assert_eq!(g.topological(), ["r", "x1", "x2", "y1", "m"]);
}

#[test]
fn topological_order_follows_file_names_between_branches() {
    // y1's file sorts before x2's, so it is placed as soon as its parent is.
    let g = graph(&[("r", &[]), ("x1", &["r"]), ("y1", &["r"]), ("x2", &["x1"])]);
    assert_eq!(g.topological(), ["r", "x1", "y1", "x2"]);
    assert_eq!(g.heads(), ["y1", "x2"]);
}

#[test]
fn repeated_parent_counts_once() {
    let g = graph(&[("a", &[]), ("b", &["a", "a"])]);
    assert!(g.merge_points().is_empty());
    assert_eq!(g.children("a"), ["b"]);
}

#[test]
fn resolve_takes_full_ids_and_unique_prefixes() {
    let g = graph(&[
        ("ae1027a6acf0", &[]),
        ("ae2b00000000", &["ae1027a6acf0"]),
        ("ab", &[]),
        ("abc", &[]),
    ]);
    assert_eq!(g.resolve("ae1027a6acf0"), Ok("ae1027a6acf0"));
    assert_eq!(g.resolve("ae10"), Ok("ae1027a6acf0"));
    assert_eq!(g.resolve("ae2"), Ok("ae2b00000000"));
    // A full id wins over being the prefix of a longer one.
    assert_eq!(g.resolve("ab"), Ok("ab"));
    assert_eq!(g.resolve("abc"), Ok("abc"));
}

#[test]
fn resolve_lists_the_candidates_of_an_ambiguous_prefix() {
    let g = graph(&[
        ("ae1027a6acf0", &[]),
        ("ae2b00000000", &["ae1027a6acf0"]),
        ("b1", &[]),
    ]);
    let err = g.resolve("ae").unwrap_err();
    assert_eq!(
        err,
        GraphError::AmbiguousPrefix {
            prefix: "ae".into(),
            candidates: strings(&["ae1027a6acf0", "ae2b00000000"]),
        }
    );
    let message = err.to_string();
    assert!(message.contains("ae1027a6acf0, ae2b00000000"), "{message}");
    assert!(message.contains("more characters"), "{message}");
}

#[test]
fn ambiguous_prefix_message_summarises_long_lists() {
    let ids: Vec<String> = (0..15).map(|n| format!("f{n:02}")).collect();
    let spec: Vec<(&str, &[&str])> = ids.iter().map(|id| (id.as_str(), &[][..])).collect();
    let message = graph(&spec).resolve("f").unwrap_err().to_string();
    assert!(message.contains("15 revisions"), "{message}");
    assert!(message.contains("and 5 more"), "{message}");
}

#[test]
fn resolve_refuses_unknown_and_empty() {
    let g = linear();
    for rev in ["zz", "a0x", ""] {
        assert_eq!(
            g.resolve(rev),
            Err(GraphError::UnknownRevision {
                revision: rev.into()
            })
        );
    }
    let message = g.resolve("zz").unwrap_err().to_string();
    assert!(
        message.contains("`zz`") && message.contains("shale history"),
        "{message}"
    );
}

#[test]
fn ancestors_include_the_revisions_themselves() {
    let g = merged();
    let expected: HashSet<&str> = ["r", "x1", "x2"].into_iter().collect();
    assert_eq!(g.ancestors_of(&["x2"]), expected);
    let all: HashSet<&str> = g.topological().into_iter().collect();
    assert_eq!(g.ancestors_of(&["m"]), all);
    let both: HashSet<&str> = ["r", "x1", "y1"].into_iter().collect();
    assert_eq!(g.ancestors_of(&["x1", "y1", "unknown"]), both);
    assert!(g.ancestors_of(&[]).is_empty());
}

#[test]
fn duplicate_id_names_both_files() {
    let err =
        RevisionGraph::new(revisions(&[("a", &[]), ("b", &["a"]), ("a", &["b"])])).unwrap_err();
    assert_eq!(
        err,
        GraphError::DuplicateRevision {
            id: "a".into(),
            first: "versions/000_a.sql".into(),
            second: "versions/002_a.sql".into(),
        }
    );
    let message = err.to_string();
    assert!(
        message.contains("versions/000_a.sql") && message.contains("versions/002_a.sql"),
        "{message}"
    );
}

#[test]
fn unknown_parent_names_the_file() {
    let err = RevisionGraph::new(revisions(&[("a", &[]), ("b", &["a", "gone"])])).unwrap_err();
    assert_eq!(
        err,
        GraphError::UnknownParent {
            revision: "b".into(),
            parent: "gone".into(),
            path: "versions/001_b.sql".into(),
        }
    );
    let message = err.to_string();
    assert!(message.starts_with("versions/001_b.sql: "), "{message}");
    assert!(message.contains("gone"), "{message}");
}

#[test]
fn cycle_names_the_revisions_on_it() {
    // root <- t1 <- c1 <- c2 <- c3 <- c1 (the cycle), and tail <- c3 hanging off it.
    let err = RevisionGraph::new(revisions(&[
        ("root", &[]),
        ("t1", &["root"]),
        ("c2", &["c1"]),
        ("c3", &["c2"]),
        ("c1", &["t1", "c3"]),
        ("tail", &["c3"]),
    ]))
    .unwrap_err();
    let GraphError::Cycle { revisions, files } = &err else {
        panic!("expected a cycle, got {err:?}");
    };
    assert_eq!(revisions, &strings(&["c1", "c2", "c3"]));
    assert_eq!(files.len(), 3);
    let message = err.to_string();
    assert!(message.contains("c1 -> c2 -> c3 -> c1"), "{message}");
    assert!(message.contains("versions/002_c2.sql"), "{message}");
}

#[test]
fn self_revision_is_a_cycle() {
    let err = RevisionGraph::new(revisions(&[("a", &[]), ("b", &["a", "b"])])).unwrap_err();
    assert_eq!(
        err,
        GraphError::Cycle {
            revisions: strings(&["b"]),
            files: vec!["versions/001_b.sql".into()],
        }
    );
}

#[test]
fn large_graphs_build_and_query_quickly() {
    // 6,000 revisions: a chain of 3,000 with a side revision branching off each one.
    let ids: Vec<String> = (0..3000)
        .flat_map(|n| [format!("c{n:05}"), format!("s{n:05}")])
        .collect();
    let mut list = Vec::new();
    for n in 0..3000 {
        let parents = if n == 0 {
            vec![]
        } else {
            vec![ids[2 * (n - 1)].clone()]
        };
        list.push((ids[2 * n].clone(), parents));
        list.push((ids[2 * n + 1].clone(), vec![ids[2 * n].clone()]));
    }
    let revisions: Vec<Revision> = list
        .into_iter()
        .map(|(id, parents)| Revision {
            path: format!("{id}.sql").into(),
            message: String::new(),
            id,
            parents,
            ..Revision::default()
        })
        .collect();
    let g = RevisionGraph::new(revisions).unwrap();
    assert_eq!(g.len(), 6000);
    assert_eq!(g.heads().len(), 3000);
    assert_eq!(g.branch_points().len(), 2999);
    assert_eq!(g.resolve("c02999"), Ok("c02999"));
    let steps = g
        .upgrade_steps(&[], &crate::graph::Target::Rev("c02999".into()))
        .unwrap();
    assert_eq!(steps.len(), 3000);
    let down = g
        .downgrade_steps(&strings(&["c02999"]), &crate::graph::Target::Base)
        .unwrap();
    assert_eq!(down.len(), 3000);
    assert_eq!(g.ancestors_of(&["c01000"]).len(), 1001);
}
