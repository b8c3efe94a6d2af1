//! Building a [`RevisionGraph`]: indexing ids, linking parents, validating, ordering.

use super::{GraphError, Revision};
use std::cmp::Reverse;
use std::collections::hash_map::Entry;
use std::collections::{BinaryHeap, HashMap};

/// The revisions of a script directory, linked by `revises` into a directed acyclic graph.
///
/// Built once by [`RevisionGraph::new`], which validates the graph; every query after
/// that is linear or better. Internally revisions are addressed by their index in
/// `revisions`, never by id.
#[derive(Debug, Clone)]
pub struct RevisionGraph {
    pub(super) revisions: Vec<Revision>,
    pub(super) index: HashMap<String, usize>,
    /// Each revision's parents, deduplicated, in declaration order.
    pub(super) parents: Vec<Vec<usize>>,
    /// Each revision's children, in topological order.
    pub(super) children: Vec<Vec<usize>>,
    /// Each revision's dependencies (`depends-on`) that are not already parents.
    pub(super) deps: Vec<Vec<usize>>,
    /// What must be applied before each revision: its parents, then its dependencies.
    pub(super) requires: Vec<Vec<usize>>,
    /// The inverse of `requires`: what must be unapplied before each revision.
    pub(super) required_by: Vec<Vec<usize>>,
    /// Each branch label and the revision that carries it.
    pub(super) labels: std::collections::BTreeMap<String, usize>,
    /// The roots (revisions with no parent), in topological order.
    pub(super) roots: Vec<usize>,
    /// Every revision, parents before children.
    pub(super) order: Vec<usize>,
    /// `position[i]` is the place of revision `i` in `order`.
    pub(super) position: Vec<usize>,
    /// Every revision, sorted by id (for prefix lookup and sorted id lists).
    pub(super) by_id: Vec<usize>,
    /// `id_rank[i]` is the place of revision `i` in `by_id`.
    pub(super) id_rank: Vec<usize>,
}

impl RevisionGraph {
    /// Builds the graph of `revisions`, in any order.
    ///
    /// Fails on a duplicate id (naming both files), a parent that no revision declares
    /// (naming the file), a branch label given twice or equal to a revision id, a
    /// dependency that names nothing, or a cycle (naming the revisions on it). A
    /// dependency orders revisions like a parent does, without being one: it is not a
    /// branch point, and what depends on it does not stop it being a head. The topological order
    /// is deterministic: among revisions whose parents are all placed, the one whose
    /// file path (then id) sorts first comes first, so with the default dated file
    /// names the order follows creation time.
    pub fn new(revisions: Vec<Revision>) -> Result<Self, GraphError> {
        let index = index_ids(&revisions)?;
        let parents = link_parents(&revisions, &index)?;
        let labels = super::labels::index_labels(&revisions, &index)?;
        let deps = super::labels::link_dependencies(&revisions, &index, &labels, &parents)?;
        let children = invert(&parents);
        let requires: Vec<Vec<usize>> = parents
            .iter()
            .zip(&deps)
            .map(|(p, d)| p.iter().chain(d).copied().collect())
            .collect();
        let mut required_by = invert(&requires);
        let order = topological_order(&revisions, &requires, &required_by)?;
        let position = inverse(&order);
        let mut children = children;
        for list in children.iter_mut().chain(required_by.iter_mut()) {
            list.sort_unstable_by_key(|&child| position[child]);
        }
        let roots = order
            .iter()
            .copied()
            .filter(|&i| parents[i].is_empty())
            .collect();
        let mut by_id: Vec<usize> = (0..revisions.len()).collect();
        by_id.sort_unstable_by(|&a, &b| revisions[a].id.cmp(&revisions[b].id));
        let id_rank = inverse(&by_id);
        Ok(RevisionGraph {
            revisions,
            index,
            parents,
            children,
            deps,
            requires,
            required_by,
            labels,
            roots,
            order,
            position,
            by_id,
            id_rank,
        })
    }
}

/// Maps each id to its index, refusing duplicates.
fn index_ids(revisions: &[Revision]) -> Result<HashMap<String, usize>, GraphError> {
    let mut index: HashMap<String, usize> = HashMap::with_capacity(revisions.len());
    for (i, revision) in revisions.iter().enumerate() {
        match index.entry(revision.id.clone()) {
            Entry::Occupied(first) => {
                return Err(GraphError::DuplicateRevision {
                    id: revision.id.clone(),
                    first: revisions[*first.get()].path.clone(),
                    second: revision.path.clone(),
                })
            }
            Entry::Vacant(slot) => {
                slot.insert(i);
            }
        }
    }
    Ok(index)
}

/// Resolves every parent id to an index; a parent named twice counts once.
fn link_parents(
    revisions: &[Revision],
    index: &HashMap<String, usize>,
) -> Result<Vec<Vec<usize>>, GraphError> {
    revisions
        .iter()
        .map(|revision| {
            let mut linked = Vec::with_capacity(revision.parents.len());
            for parent in &revision.parents {
                let Some(&p) = index.get(parent.as_str()) else {
                    return Err(GraphError::UnknownParent {
                        revision: revision.id.clone(),
                        parent: parent.clone(),
                        path: revision.path.clone(),
                    });
                };
                if !linked.contains(&p) {
                    linked.push(p);
                }
            }
            Ok(linked)
        })
        .collect()
}

/// For each node, the nodes whose list in `edges` names it, in index order.
fn invert(edges: &[Vec<usize>]) -> Vec<Vec<usize>> {
    let mut inverse = vec![Vec::new(); edges.len()];
    for (from, to) in edges.iter().enumerate() {
        for &t in to {
            inverse[t].push(from);
        }
    }
    inverse
}

/// Kahn's algorithm with a priority queue keyed by (path, id): O(n log n).
fn topological_order(
    revisions: &[Revision],
    parents: &[Vec<usize>],
    children: &[Vec<usize>],
) -> Result<Vec<usize>, GraphError> {
    let mut by_file: Vec<usize> = (0..revisions.len()).collect();
    by_file.sort_unstable_by(|&a, &b| {
        let (a, b) = (&revisions[a], &revisions[b]);
        // Byte order of the whole path: `Path`'s own ordering compares component by
        // component, several times slower on thousands of scripts, for the same order
        // within one versions folder.
        (a.path.as_os_str(), &a.id).cmp(&(b.path.as_os_str(), &b.id))
    });
    let file_rank = inverse(&by_file);
    let mut waiting: Vec<usize> = parents.iter().map(Vec::len).collect();
    let mut ready: BinaryHeap<Reverse<(usize, usize)>> = (0..revisions.len())
        .filter(|&i| waiting[i] == 0)
        .map(|i| Reverse((file_rank[i], i)))
        .collect();
    let mut order = Vec::with_capacity(revisions.len());
    while let Some(Reverse((_, i))) = ready.pop() {
        order.push(i);
        for &child in &children[i] {
            waiting[child] -= 1;
            if waiting[child] == 0 {
                ready.push(Reverse((file_rank[child], child)));
            }
        }
    }
    if order.len() < revisions.len() {
        return Err(cycle_error(revisions, parents, &waiting, &by_file));
    }
    Ok(order)
}

/// Finds one cycle among the revisions Kahn's algorithm could not place.
///
/// Every unplaced revision has an unplaced parent, so following unplaced parents from
/// any of them must come back to a revision already seen: that loop is a cycle.
fn cycle_error(
    revisions: &[Revision],
    parents: &[Vec<usize>],
    waiting: &[usize],
    by_file: &[usize],
) -> GraphError {
    let unplaced = |i: usize| waiting[i] > 0;
    let mut seen_at = vec![None; revisions.len()];
    let mut path = Vec::new();
    let mut at = by_file
        .iter()
        .copied()
        .find(|&i| unplaced(i))
        .expect("a cycle leaves some revision unplaced");
    while seen_at[at].is_none() {
        seen_at[at] = Some(path.len());
        path.push(at);
        at = parents[at]
            .iter()
            .copied()
            .find(|&p| unplaced(p))
            .expect("an unplaced revision has an unplaced parent");
    }
    let start = seen_at[at].expect("loop ends on a seen revision");
    // `path` runs child -> parent; show it parent -> child, smallest id first.
    let mut cycle = path.split_off(start);
    cycle.reverse();
    let first = (0..cycle.len())
        .min_by(|&a, &b| revisions[cycle[a]].id.cmp(&revisions[cycle[b]].id))
        .unwrap_or(0);
    cycle.rotate_left(first);
    GraphError::Cycle {
        revisions: cycle.iter().map(|&i| revisions[i].id.clone()).collect(),
        files: cycle.iter().map(|&i| revisions[i].path.clone()).collect(),
    }
}

/// The inverse of a permutation: `inverse(p)[p[k]] == k`.
fn inverse(permutation: &[usize]) -> Vec<usize> {
    let mut inverse = vec![0; permutation.len()];
    for (place, &i) in permutation.iter().enumerate() {
        inverse[i] = place;
    }
    inverse
}
