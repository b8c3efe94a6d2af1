//! Branch labels and dependencies: names for branches (`NAME@head`), and revisions that
//! must be applied before others without being their parents (Alembic's `depends_on`).

use super::{GraphError, Revision, RevisionGraph};
use std::collections::{BTreeMap, HashMap};

/// Maps each branch label to the revision carrying it, refusing a label given twice or
/// equal to a revision id.
pub(super) fn index_labels(
    revisions: &[Revision],
    index: &HashMap<String, usize>,
) -> Result<BTreeMap<String, usize>, GraphError> {
    let mut labels = BTreeMap::new();
    for (i, revision) in revisions.iter().enumerate() {
        for label in &revision.branch_labels {
            if index.contains_key(label) {
                return Err(GraphError::LabelIsRevision {
                    label: label.clone(),
                    path: revision.path.clone(),
                });
            }
            if let Some(&first) = labels.get(label) {
                let first: &Revision = &revisions[first];
                return Err(GraphError::DuplicateLabel {
                    label: label.clone(),
                    first: first.path.clone(),
                    second: revision.path.clone(),
                });
            }
            labels.insert(label.clone(), i);
        }
    }
    Ok(labels)
}

/// Resolves each revision's `depends-on` entries (a full id, a branch label, then a unique
/// prefix) to indices, leaving out those that are already parents.
pub(super) fn link_dependencies(
    revisions: &[Revision],
    index: &HashMap<String, usize>,
    labels: &BTreeMap<String, usize>,
    parents: &[Vec<usize>],
) -> Result<Vec<Vec<usize>>, GraphError> {
    let mut sorted: Vec<&str> = index.keys().map(String::as_str).collect();
    sorted.sort_unstable();
    let by_prefix = |prefix: &str| -> Option<usize> {
        let from = sorted.partition_point(|id| *id < prefix);
        let mut matches = sorted[from..]
            .iter()
            .take_while(|id| id.starts_with(prefix));
        match (matches.next(), matches.next()) {
            (Some(only), None) => index.get(*only).copied(),
            _ => None,
        }
    };
    revisions
        .iter()
        .enumerate()
        .map(|(i, revision)| {
            let mut linked: Vec<usize> = Vec::new();
            for name in &revision.depends_on {
                let found = index
                    .get(name)
                    .or_else(|| labels.get(name))
                    .copied()
                    .or_else(|| by_prefix(name));
                let Some(dep) = found else {
                    return Err(GraphError::UnknownDependency {
                        revision: revision.id.clone(),
                        dependency: name.clone(),
                        path: revision.path.clone(),
                    });
                };
                if !parents[i].contains(&dep) && !linked.contains(&dep) {
                    linked.push(dep);
                }
            }
            Ok(linked)
        })
        .collect()
}

impl RevisionGraph {
    /// Every branch label and the revision that carries it, sorted by label.
    pub fn labels(&self) -> Vec<(&str, &str)> {
        self.labels
            .iter()
            .map(|(label, &i)| (label.as_str(), self.id(i)))
            .collect()
    }

    /// The revision that carries branch label `label`.
    pub fn labelled(&self, label: &str) -> Option<&str> {
        self.labels.get(label).map(|&i| self.id(i))
    }

    /// The full ids of the revisions `id` depends on (`depends-on`, resolved; parents
    /// left out), in declaration order; empty for an unknown id.
    pub fn dependencies(&self, id: &str) -> Vec<&str> {
        self.index_of(id).map_or_else(Vec::new, |i| {
            self.deps[i].iter().map(|&d| self.id(d)).collect()
        })
    }

    /// The revisions that depend on `id` through `depends-on`, in topological order.
    pub fn dependents(&self, id: &str) -> Vec<&str> {
        self.index_of(id).map_or_else(Vec::new, |i| {
            self.required_by[i]
                .iter()
                .copied()
                .filter(|&d| self.deps[d].contains(&i))
                .map(|d| self.id(d))
                .collect()
        })
    }

    /// The labels of the branches `id` is on: those carried by it or by an ancestor
    /// through parents (a label names the revision carrying it and what descends from it),
    /// sorted.
    pub fn branches_of(&self, id: &str) -> Vec<&str> {
        let Some(i) = self.index_of(id) else {
            return Vec::new();
        };
        let mut seen = vec![false; self.len()];
        let mut stack = vec![i];
        let mut found = Vec::new();
        while let Some(at) = stack.pop() {
            if std::mem::replace(&mut seen[at], true) {
                continue;
            }
            found.extend(self.revisions[at].branch_labels.iter().map(String::as_str));
            stack.extend(self.parents[at].iter().copied().filter(|&p| !seen[p]));
        }
        found.sort_unstable();
        found.dedup();
        found
    }

    /// The revision carrying `label`, or an error listing the labels there are.
    pub(super) fn label_index(&self, label: &str) -> Result<usize, GraphError> {
        self.labels
            .get(label)
            .copied()
            .ok_or_else(|| GraphError::UnknownBranch {
                label: label.to_string(),
                known: self.labels.keys().cloned().collect(),
            })
    }

    /// The heads of branch `labelled` (the revision carrying a label): the heads that
    /// descend from it through children, itself included, in topological order.
    pub(super) fn branch_heads(&self, labelled: usize) -> Vec<usize> {
        let mut on = vec![false; self.len()];
        let mut stack = vec![labelled];
        while let Some(at) = stack.pop() {
            if std::mem::replace(&mut on[at], true) {
                continue;
            }
            stack.extend(self.children[at].iter().copied().filter(|&c| !on[c]));
        }
        self.order
            .iter()
            .copied()
            .filter(|&i| on[i] && self.children[i].is_empty())
            .collect()
    }

    /// Whether revision `i` is on the branch of `labelled`: an ancestor of it (through
    /// parents) or a descendant of it (through children), or itself.
    pub(super) fn on_branch(&self, labelled: usize, i: usize) -> bool {
        let reaches = |from: usize, to: usize, next: &Vec<Vec<usize>>| {
            let mut seen = vec![false; self.len()];
            let mut stack = vec![from];
            while let Some(at) = stack.pop() {
                if at == to {
                    return true;
                }
                if !std::mem::replace(&mut seen[at], true) {
                    stack.extend(next[at].iter().copied());
                }
            }
            false
        };
        reaches(labelled, i, &self.children) || reaches(labelled, i, &self.parents)
    }
}
