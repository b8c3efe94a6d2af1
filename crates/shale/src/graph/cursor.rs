//! A database position being moved through the graph, one revision at a time.

use super::{GraphError, RevisionGraph};
use std::collections::BTreeSet;

/// The applied revisions of a database and its heads, updated in O(parents) per step.
///
/// The applied set is always closed under ancestry, so a revision is a head exactly when
/// none of its children is applied; counting applied children makes that check O(1).
pub(super) struct Cursor<'g> {
    graph: &'g RevisionGraph,
    applied: Vec<bool>,
    applied_count: usize,
    applied_children: Vec<u32>,
    /// The heads, as id ranks, so that iterating gives them sorted by id.
    heads: BTreeSet<usize>,
}

impl<'g> Cursor<'g> {
    /// The position of a database whose version table holds `current`.
    ///
    /// Every entry must be a revision of the graph. Entries that are ancestors of other
    /// entries, or repeated, are not heads and are dropped.
    pub(super) fn new(graph: &'g RevisionGraph, current: &[String]) -> Result<Self, GraphError> {
        let starts = current
            .iter()
            .map(|id| {
                graph
                    .index_of(id)
                    .ok_or_else(|| GraphError::CurrentNotInGraph {
                        revision: id.clone(),
                    })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let mut applied = vec![false; graph.len()];
        let members = graph.mark_ancestors(&starts, &mut applied);
        let mut applied_children = vec![0; graph.len()];
        for &member in &members {
            for &parent in &graph.parents[member] {
                applied_children[parent] += 1;
            }
        }
        // Heads are the applied revisions none of whose children is applied: the entries
        // that are not ancestors of others, and the dependencies they pulled in that no
        // applied revision revises (a dependency stays a head of its own branch).
        let heads = members
            .iter()
            .filter(|&&m| applied_children[m] == 0)
            .map(|&m| graph.id_rank[m])
            .collect();
        Ok(Cursor {
            graph,
            applied,
            applied_count: members.len(),
            applied_children,
            heads,
        })
    }

    /// Whether revision `i` is applied.
    pub(super) fn is_applied(&self, i: usize) -> bool {
        self.applied[i]
    }

    /// The applied set, indexed by revision.
    pub(super) fn applied(&self) -> &[bool] {
        &self.applied
    }

    /// Whether revision `i` is one of the heads.
    pub(super) fn is_head(&self, i: usize) -> bool {
        self.heads.contains(&self.graph.id_rank[i])
    }

    /// The heads, as indices sorted by id.
    pub(super) fn head_indices(&self) -> Vec<usize> {
        self.heads
            .iter()
            .map(|&rank| self.graph.by_id[rank])
            .collect()
    }

    /// The heads, as ids sorted by id: what the version table holds.
    pub(super) fn heads(&self) -> Vec<String> {
        self.heads
            .iter()
            .map(|&rank| self.graph.id(self.graph.by_id[rank]).to_string())
            .collect()
    }

    /// Every applied revision, children before parents.
    pub(super) fn applied_newest_first(&self) -> Vec<usize> {
        let mut members = Vec::with_capacity(self.applied_count);
        members.extend(
            self.graph
                .order
                .iter()
                .rev()
                .copied()
                .filter(|&i| self.applied[i]),
        );
        members
    }

    /// Applies revision `i`, whose parents must all be applied.
    pub(super) fn apply(&mut self, i: usize) {
        debug_assert!(!self.applied[i], "revision applied twice");
        for &parent in &self.graph.parents[i] {
            debug_assert!(self.applied[parent], "parent applied after child");
            if self.applied_children[parent] == 0 {
                self.heads.remove(&self.graph.id_rank[parent]);
            }
            self.applied_children[parent] += 1;
        }
        self.applied[i] = true;
        self.applied_count += 1;
        self.heads.insert(self.graph.id_rank[i]);
    }

    /// Unapplies revision `i`, whose children must all be unapplied.
    pub(super) fn unapply(&mut self, i: usize) {
        debug_assert!(self.applied[i], "revision unapplied twice");
        debug_assert_eq!(self.applied_children[i], 0, "child unapplied after parent");
        self.applied[i] = false;
        self.applied_count -= 1;
        self.heads.remove(&self.graph.id_rank[i]);
        for &parent in &self.graph.parents[i] {
            self.applied_children[parent] -= 1;
            if self.applied_children[parent] == 0 {
                self.heads.insert(self.graph.id_rank[parent]);
            }
        }
    }
}
