//! Pictures of the revision graph for `shale graph`: a [`Picture`] is built from a
//! [`RevisionGraph`] (and the database's heads, when known) and rendered as Mermaid,
//! Graphviz DOT or terminal text. Pure: values in, text out.

mod ascii;
mod text;

#[cfg(test)]
mod tests;

pub use ascii::ascii;
pub use text::{dot, mermaid};

use serde::Serialize;
use shale::graph::RevisionGraph;
use std::collections::HashSet;

/// One revision in a picture, with what makes it stand out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Node {
    pub revision: String,
    pub message: String,
    pub parents: Vec<String>,
    pub children: Vec<String>,
    /// No revision revises it.
    pub head: bool,
    /// It revises nothing (a root).
    pub base: bool,
    /// Two or more revisions revise it.
    pub branchpoint: bool,
    /// It revises two or more revisions.
    pub mergepoint: bool,
    /// The branch labels its script gives.
    pub branch_labels: Vec<String>,
    /// The revisions it depends on (`-- shale:depends-on`), as full ids.
    pub depends_on: Vec<String>,
    /// The database is at it; absent when no database was consulted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current: Option<bool>,
}

/// One edge: `to` revises `from`, or (`dependency`) depends on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Edge {
    pub from: String,
    pub to: String,
    /// True for a `depends-on` edge: `from` is applied first but is not a parent.
    pub dependency: bool,
}

/// The revision graph as a picture: nodes parents first, edges in the same order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Picture {
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
    /// The database's heads (empty: base); absent when no database was consulted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current: Option<Vec<String>>,
}

impl Picture {
    /// The picture of `graph`, marking the revisions in `current` when given.
    pub fn new(graph: &RevisionGraph, current: Option<&[String]>) -> Picture {
        let at: Option<HashSet<&str>> = current.map(|c| c.iter().map(String::as_str).collect());
        let mut nodes = Vec::with_capacity(graph.len());
        let mut edges = Vec::new();
        for id in graph.topological() {
            let rev = graph.get(id).expect("an id from the graph");
            let children: Vec<String> = graph.children(id).iter().map(|c| c.to_string()).collect();
            for parent in &rev.parents {
                edges.push(Edge {
                    from: parent.clone(),
                    to: id.to_string(),
                    dependency: false,
                });
            }
            let depends_on: Vec<String> = graph
                .dependencies(id)
                .iter()
                .map(|d| d.to_string())
                .collect();
            for dep in &depends_on {
                edges.push(Edge {
                    from: dep.clone(),
                    to: id.to_string(),
                    dependency: true,
                });
            }
            nodes.push(Node {
                revision: id.to_string(),
                message: rev.message.clone(),
                parents: rev.parents.clone(),
                head: children.is_empty(),
                base: rev.parents.is_empty(),
                branchpoint: children.len() >= 2,
                mergepoint: rev.parents.len() >= 2,
                branch_labels: rev.branch_labels.clone(),
                depends_on,
                current: at.as_ref().map(|a| a.contains(id)),
                children,
            });
        }
        Picture {
            nodes,
            edges,
            current: current.map(<[String]>::to_vec),
        }
    }
}

impl Node {
    /// ` (label) (head) (branchpoint) (mergepoint) (current) (depends on x)`, as
    /// `history` writes them.
    pub fn tags(&self) -> String {
        let mut tags = String::new();
        if !self.branch_labels.is_empty() {
            tags.push_str(&format!(" ({})", self.branch_labels.join(", ")));
        }
        for (on, tag) in [
            (self.head, " (head)"),
            (self.branchpoint, " (branchpoint)"),
            (self.mergepoint, " (mergepoint)"),
            (self.current == Some(true), " (current)"),
        ] {
            if on {
                tags.push_str(tag);
            }
        }
        if !self.depends_on.is_empty() {
            tags.push_str(&format!(" (depends on {})", self.depends_on.join(", ")));
        }
        tags
    }
}
