//! Unit tests of the revision graph, from literal revision lists.

mod labels;
mod planning;
mod relative;
mod structure;

use super::{Revision, RevisionGraph, Step};
use std::path::PathBuf;

/// Builds revisions from `(id, parents)` pairs; file names keep the list order.
fn revisions(spec: &[(&str, &[&str])]) -> Vec<Revision> {
    spec.iter()
        .enumerate()
        .map(|(n, (id, parents))| Revision {
            id: id.to_string(),
            parents: parents.iter().map(|p| p.to_string()).collect(),
            message: format!("revision {id}"),
            path: PathBuf::from(format!("versions/{n:03}_{id}.sql")),
            ..Revision::default()
        })
        .collect()
}

fn graph(spec: &[(&str, &[&str])]) -> RevisionGraph {
    RevisionGraph::new(revisions(spec)).expect("valid graph")
}

/// a0 <- b0 <- c0 <- d0
fn linear() -> RevisionGraph {
    graph(&[
        ("a0", &[]),
        ("b0", &["a0"]),
        ("c0", &["b0"]),
        ("d0", &["c0"]),
    ])
}

/// r <- x1 <- x2, and r <- y1: a branch point at r, two heads.
fn branched() -> RevisionGraph {
    graph(&[("r", &[]), ("x1", &["r"]), ("x2", &["x1"]), ("y1", &["r"])])
}

/// The branches of [`branched`] joined by the merge revision m.
fn merged() -> RevisionGraph {
    graph(&[
        ("r", &[]),
        ("x1", &["r"]),
        ("x2", &["x1"]),
        ("y1", &["r"]),
        ("m", &["x2", "y1"]),
    ])
}

/// Two independent roots: p, and q <- q2.
fn two_roots() -> RevisionGraph {
    graph(&[("p", &[]), ("q", &[]), ("q2", &["q"])])
}

/// r <- a, r <- b, and the merge m of a and b.
fn diamond() -> RevisionGraph {
    graph(&[("r", &[]), ("a", &["r"]), ("b", &["r"]), ("m", &["a", "b"])])
}

fn strings(ids: &[&str]) -> Vec<String> {
    ids.iter().map(|id| id.to_string()).collect()
}

/// The revisions of `steps`, in order.
fn revs(steps: &[Step]) -> Vec<&str> {
    steps.iter().map(|s| s.revision.as_str()).collect()
}

/// Asserts that each step starts where the previous one ended.
fn assert_chained(start: &[&str], steps: &[Step]) {
    let mut at = strings(start);
    for step in steps {
        assert_eq!(step.heads_before, at, "step {}", step.revision);
        at = step.heads_after.clone();
    }
}
