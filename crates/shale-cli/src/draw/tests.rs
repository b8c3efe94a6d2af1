//! Pictures of literal graphs: linear, a branch, a branch closed by a merge.

use super::{ascii, dot, mermaid, Picture};
use shale::graph::{Revision, RevisionGraph};
use std::path::PathBuf;

/// A graph from `(id, parents)` pairs; file names keep the list order.
fn graph(spec: &[(&str, &[&str])]) -> RevisionGraph {
    let revisions = spec
        .iter()
        .enumerate()
        .map(|(n, (id, parents))| Revision {
            id: id.to_string(),
            parents: parents.iter().map(|p| p.to_string()).collect(),
            message: format!("m {id}"),
            path: PathBuf::from(format!("versions/{n:03}_{id}.sql")),
            ..Revision::default()
        })
        .collect();
    RevisionGraph::new(revisions).expect("valid graph")
}

fn linear() -> RevisionGraph {
    graph(&[("a", &[]), ("b", &["a"]), ("c", &["b"])])
}

/// r <- a, r <- b, m merges a and b: a branch point and a merge point.
fn diamond() -> RevisionGraph {
    graph(&[("r", &[]), ("a", &["r"]), ("b", &["r"]), ("m", &["a", "b"])])
}

#[test]
fn linear_history_is_one_lane() {
    let current = ["b".to_string()];
    let picture = Picture::new(&linear(), Some(&current));
    assert_eq!(
        ascii(&picture),
        "* c (head), m c\n* b (current), m b\n* a, m a\n"
    );
    assert!(picture.nodes[0].base);
    assert_eq!(picture.nodes[2].current, Some(false));
    assert_eq!(picture.edges.len(), 2);
}

#[test]
fn a_branch_and_its_merge() {
    let picture = Picture::new(&diamond(), None);
    assert_eq!(
        ascii(&picture),
        "* m (head) (mergepoint), m m\n\
         |\\\n\
         | * b, m b\n\
         * | a, m a\n\
         |/\n\
         * r (branchpoint), m r\n"
    );
    let r = &picture.nodes[0];
    assert!(r.branchpoint && r.base && !r.head);
    assert_eq!(r.children, ["a", "b"]);
    let m = &picture.nodes[3];
    assert!(m.mergepoint && m.head);
    assert_eq!(m.current, None);
}

#[test]
fn two_heads_stay_in_their_lanes() {
    let g = graph(&[("r", &[]), ("x1", &["r"]), ("x2", &["x1"]), ("y1", &["r"])]);
    let picture = Picture::new(&g, Some(&[]));
    assert_eq!(
        ascii(&picture),
        "* y1 (head), m y1\n\
         | * x2 (head), m x2\n\
         | * x1, m x1\n\
         |/\n\
         * r (branchpoint), m r\n"
    );
}

#[test]
fn three_children_close_one_by_one() {
    let g = graph(&[("r", &[]), ("a", &["r"]), ("b", &["r"]), ("c", &["r"])]);
    let text = ascii(&Picture::new(&g, None));
    assert_eq!(
        text,
        "* c (head), m c\n\
         | * b (head), m b\n\
         | | * a (head), m a\n\
         |_|/\n\
         |/\n\
         * r (branchpoint), m r\n"
    );
}

#[test]
fn mermaid_and_dot_mark_heads_joints_and_current() {
    let current = ["a".to_string()];
    let picture = Picture::new(&diamond(), Some(&current));
    let text = mermaid(&picture);
    assert!(text.starts_with("flowchart TD\n"), "{text}");
    assert!(text.contains("    rr --> ra\n    rr --> rb\n"), "{text}");
    assert!(text.contains("    ra --> rm\n    rb --> rm\n"), "{text}");
    assert!(
        text.contains("rm[\"m (head) (mergepoint)<br/>m m\"]:::head"),
        "{text}"
    );
    assert!(
        text.contains("ra[\"a (current)<br/>m a\"]:::current"),
        "{text}"
    );
    assert!(
        text.contains("rr[\"r (branchpoint)<br/>m r\"]:::joint"),
        "{text}"
    );
    let text = dot(&picture);
    assert!(text.starts_with("digraph shale {"), "{text}");
    assert!(text.contains("\"r\" -> \"a\";"), "{text}");
    assert!(
        text.contains("\"m\" [label=\"m (head) (mergepoint)\\nm m\", peripheries=2"),
        "{text}"
    );
    assert!(
        text.contains("\"a\" [label=\"a (current)\\nm a\", style=filled"),
        "{text}"
    );
    assert!(text.trim_end().ends_with('}'));
}

#[test]
fn labels_are_escaped() {
    let mut picture = Picture::new(&graph(&[("a", &[])]), None);
    picture.nodes[0].message = "say \"hi\" <b> \\".to_string();
    let text = mermaid(&picture);
    assert!(text.contains("say #quot;hi#quot; #lt;b#gt; \\"), "{text}");
    let text = dot(&picture);
    assert!(text.contains("say \\\"hi\\\" <b> \\\\"), "{text}");
}
