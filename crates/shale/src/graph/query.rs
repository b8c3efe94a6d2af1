//! Structure queries on a [`RevisionGraph`]: heads, bases, neighbours, ids, ancestry.

use super::{GraphError, Revision, RevisionGraph};
use std::collections::HashSet;

impl RevisionGraph {
    /// The number of revisions.
    pub fn len(&self) -> usize {
        self.revisions.len()
    }

    /// Whether the graph has no revision at all.
    pub fn is_empty(&self) -> bool {
        self.revisions.is_empty()
    }

    /// The revision with exactly this id.
    pub fn get(&self, id: &str) -> Option<&Revision> {
        self.index.get(id).map(|&i| &self.revisions[i])
    }

    /// The heads: revisions that no revision revises, in topological order.
    pub fn heads(&self) -> Vec<&str> {
        self.ids_where(|i| self.children[i].is_empty())
    }

    /// The bases (roots): revisions that revise nothing, in topological order.
    pub fn bases(&self) -> Vec<&str> {
        self.roots.iter().map(|&i| self.id(i)).collect()
    }

    /// The branch points: revisions with two or more children, in topological order.
    pub fn branch_points(&self) -> Vec<&str> {
        self.ids_where(|i| self.children[i].len() >= 2)
    }

    /// The merge points: revisions with two or more parents, in topological order.
    pub fn merge_points(&self) -> Vec<&str> {
        self.ids_where(|i| self.parents[i].len() >= 2)
    }

    /// The revisions that revise `id`, in topological order; empty for an unknown id.
    pub fn children(&self, id: &str) -> Vec<&str> {
        self.index.get(id).map_or_else(Vec::new, |&i| {
            self.children[i].iter().map(|&c| self.id(c)).collect()
        })
    }

    /// Every revision, parents before children, in the deterministic order described at
    /// [`RevisionGraph::new`]. `history` shows it reversed (newest first).
    pub fn topological(&self) -> Vec<&str> {
        self.order.iter().map(|&i| self.id(i)).collect()
    }

    /// The full id of `rev`, given as a full id, a branch label (the revision carrying it)
    /// or a unique prefix of an id.
    ///
    /// A full id wins even when it is also the prefix of a longer id; a label wins over a
    /// prefix.
    pub fn resolve(&self, rev: &str) -> Result<&str, GraphError> {
        self.resolve_index(rev).map(|i| self.id(i))
    }

    /// The revisions in `ids` and all their ancestors (parents and dependencies, and
    /// theirs). Unknown ids are ignored.
    pub fn ancestors_of(&self, ids: &[&str]) -> HashSet<&str> {
        let starts: Vec<usize> = ids.iter().filter_map(|id| self.index_of(id)).collect();
        let mut marked = vec![false; self.len()];
        self.mark_ancestors(&starts, &mut marked)
            .into_iter()
            .map(|i| self.id(i))
            .collect()
    }

    /// The revisions in `ids` and their ancestors through parents only, leaving out
    /// dependencies (`depends-on`): two version-table rows on one branch are two
    /// revisions of which one is in the other's set.
    pub fn parent_ancestors_of(&self, ids: &[&str]) -> HashSet<&str> {
        let mut seen = vec![false; self.len()];
        let mut stack: Vec<usize> = ids.iter().filter_map(|id| self.index_of(id)).collect();
        let mut found = HashSet::new();
        while let Some(i) = stack.pop() {
            if std::mem::replace(&mut seen[i], true) {
                continue;
            }
            found.insert(self.id(i));
            stack.extend(self.parents[i].iter().copied().filter(|&p| !seen[p]));
        }
        found
    }

    /// The id of revision `i`.
    pub(super) fn id(&self, i: usize) -> &str {
        &self.revisions[i].id
    }

    /// The index of the revision with exactly this id.
    pub(super) fn index_of(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }

    /// [`RevisionGraph::resolve`], returning the index.
    pub(super) fn resolve_index(&self, rev: &str) -> Result<usize, GraphError> {
        if let Some(i) = self.index_of(rev) {
            return Ok(i);
        }
        if let Some(&i) = self.labels.get(rev) {
            return Ok(i);
        }
        let unknown = || GraphError::UnknownRevision {
            revision: rev.to_string(),
        };
        if rev.is_empty() {
            return Err(unknown());
        }
        let from = self.by_id.partition_point(|&i| self.id(i) < rev);
        let matches: Vec<usize> = self.by_id[from..]
            .iter()
            .copied()
            .take_while(|&i| self.id(i).starts_with(rev))
            .collect();
        match matches.as_slice() {
            [] => Err(unknown()),
            [only] => Ok(*only),
            _ => Err(GraphError::AmbiguousPrefix {
                prefix: rev.to_string(),
                candidates: matches.iter().map(|&i| self.id(i).to_string()).collect(),
            }),
        }
    }

    /// The heads, as indices in topological order.
    pub(super) fn head_indices(&self) -> Vec<usize> {
        self.order
            .iter()
            .copied()
            .filter(|&i| self.children[i].is_empty())
            .collect()
    }

    /// Marks `starts` and their ancestors (through parents and dependencies) in `marked`, not walking past revisions already
    /// marked, and returns the newly marked revisions (in no particular order).
    pub(super) fn mark_ancestors(&self, starts: &[usize], marked: &mut [bool]) -> Vec<usize> {
        let mut newly = Vec::new();
        let mut stack = starts.to_vec();
        while let Some(i) = stack.pop() {
            if marked[i] {
                continue;
            }
            marked[i] = true;
            newly.push(i);
            stack.extend(self.requires[i].iter().copied().filter(|&p| !marked[p]));
        }
        newly
    }

    /// The strict descendants (through children and dependents) of `starts` inside `within` (a set closed under ancestry,
    /// so every member's path from a start stays inside it), in no particular order.
    pub(super) fn descendants_within(&self, starts: &[usize], within: &[bool]) -> Vec<usize> {
        let mut seen = vec![false; self.len()];
        let mut found = Vec::new();
        let mut stack: Vec<usize> = starts.to_vec();
        while let Some(i) = stack.pop() {
            for &child in &self.required_by[i] {
                if within[child] && !seen[child] {
                    seen[child] = true;
                    found.push(child);
                    stack.push(child);
                }
            }
        }
        found
    }

    fn ids_where(&self, keep: impl Fn(usize) -> bool) -> Vec<&str> {
        self.order
            .iter()
            .copied()
            .filter(|&i| keep(i))
            .map(|i| self.id(i))
            .collect()
    }
}
