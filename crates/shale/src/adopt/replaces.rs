//! [`Squashes`]: the `-- shale:replaces` directives of a project, and the two views of its
//! graph they give.
//!
//! A squashed revision `S` (`-- shale:replaces a b c`, `-- shale:revises F`) stands for the
//! range `a b c` that it replaces, whose end `c` is the one replaced revision that no other
//! replaced revision revises. While the replaced scripts are still in the folder:
//!
//! * the **squashed view** — the project's graph, what `heads`, `history`, `verify`, `lint`
//!   and a new database see — leaves the replaced revisions out and reads every parent
//!   that names one of them as `S`;
//! * the **originals view** leaves `S` out and keeps the range as it was. A database whose
//!   version rows name a replaced revision (it is inside the range, or at its end) is
//!   planned in this view, so it runs the original scripts; once it is past the end, the
//!   squashed view applies to it.
//!
//! Once the replaced scripts are gone (`shale squash --finish`), `S` is an ordinary
//! revision. Pure: values in, values out.

use super::AdoptError;
use crate::graph::Revision;
use std::collections::{BTreeMap, HashSet};

/// The squashes whose replaced scripts are (at least partly) still in the folder.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Squashes {
    /// Replaced revision → the squashed revision that replaces it.
    by_replaced: BTreeMap<String, String>,
    /// Squashed revision → its replaced revisions that still have a script.
    squashes: BTreeMap<String, Vec<String>>,
    /// Squashed revision → the ends of its replaced revisions still there (those no other
    /// of them revises): what a revision that already revises the squash follows in the
    /// originals view, while `squash --finish` is part-way.
    ends: BTreeMap<String, Vec<String>>,
}

/// One revision's declarations: its id, parents and `replaces` list.
#[derive(Debug, Clone, Copy)]
pub struct Declared<'a> {
    pub id: &'a str,
    pub parents: &'a [String],
    pub replaces: &'a [String],
}

impl Squashes {
    /// The squashes `revisions` declare. Refuses a revision replaced by two squashes, a
    /// squash replacing a squash that is still active, and a squash that revises one of
    /// the revisions it replaces.
    pub fn of(revisions: &[Declared]) -> Result<Squashes, AdoptError> {
        let present: HashSet<&str> = revisions.iter().map(|r| r.id).collect();
        let mut out = Squashes::default();
        for r in revisions.iter().filter(|r| !r.replaces.is_empty()) {
            let alive: Vec<String> = r
                .replaces
                .iter()
                .filter(|id| present.contains(id.as_str()))
                .cloned()
                .collect();
            if alive.is_empty() {
                continue;
            }
            if let Some(p) = r.parents.iter().find(|p| alive.contains(p)) {
                return Err(AdoptError::BadReplaces {
                    revision: r.id.to_string(),
                    problem: format!("it revises {p}, which it replaces"),
                });
            }
            for id in &alive {
                if let Some(other) = out.by_replaced.insert(id.clone(), r.id.to_string()) {
                    return Err(AdoptError::BadReplaces {
                        revision: r.id.to_string(),
                        problem: format!("{id} is already replaced by {other}"),
                    });
                }
            }
            let revised: HashSet<&str> = revisions
                .iter()
                .filter(|d| alive.iter().any(|a| a == d.id))
                .flat_map(|d| d.parents.iter().map(String::as_str))
                .collect();
            let ends = alive
                .iter()
                .filter(|a| !revised.contains(a.as_str()))
                .cloned()
                .collect();
            out.ends.insert(r.id.to_string(), ends);
            out.squashes.insert(r.id.to_string(), alive);
        }
        if let Some((id, by)) = out
            .by_replaced
            .iter()
            .find(|(id, _)| out.squashes.contains_key(*id))
        {
            return Err(AdoptError::BadReplaces {
                revision: by.clone(),
                problem: format!(
                    "it replaces {id}, a squash whose replaced scripts are still there: \
                     finish that squash first (`shale squash --finish`)"
                ),
            });
        }
        Ok(out)
    }

    /// Whether no squash is active (every replaced script is gone, or none was declared).
    pub fn is_empty(&self) -> bool {
        self.squashes.is_empty()
    }

    /// The squashed revision that replaces `id`, while `id`'s script is still there.
    pub fn replaced_by(&self, id: &str) -> Option<&str> {
        self.by_replaced.get(id).map(String::as_str)
    }

    /// The active squashes: squashed revision → the replaced revisions still present.
    pub fn squashes(&self) -> &BTreeMap<String, Vec<String>> {
        &self.squashes
    }

    /// The squashed view: replaced revisions left out, parents naming one of them read as
    /// the squash that replaces it.
    pub fn squashed_view(&self, revisions: Vec<Revision>) -> Vec<Revision> {
        revisions
            .into_iter()
            .filter(|r| self.replaced_by(&r.id).is_none())
            .map(|mut r| {
                let mut parents: Vec<String> = Vec::with_capacity(r.parents.len());
                for p in &r.parents {
                    let p = self.replaced_by(p).unwrap_or(p).to_string();
                    if !parents.contains(&p) {
                        parents.push(p);
                    }
                }
                r.parents = parents;
                r
            })
            .collect()
    }

    /// The originals view: active squashed revisions left out, parents naming one of them
    /// (a revision `squash --finish` already pointed at the squash) read as the end of the
    /// replaced revisions still there.
    pub fn originals_view(&self, revisions: Vec<Revision>) -> Vec<Revision> {
        revisions
            .into_iter()
            .filter(|r| !self.squashes.contains_key(&r.id))
            .map(|mut r| {
                if r.parents.iter().any(|p| self.ends.contains_key(p)) {
                    let mut parents: Vec<String> = Vec::with_capacity(r.parents.len());
                    for p in &r.parents {
                        for q in self
                            .ends
                            .get(p)
                            .map_or(std::slice::from_ref(p), Vec::as_slice)
                        {
                            if !parents.contains(q) {
                                parents.push(q.clone());
                            }
                        }
                    }
                    r.parents = parents;
                }
                r
            })
            .collect()
    }

    /// The replaced revisions of every active squash, each after the ones that revise it
    /// (the order `squash --finish` deletes them in, so that every revision left still has
    /// its parents).
    pub fn replaced_children_first(&self, parents_of: impl Fn(&str) -> Vec<String>) -> Vec<String> {
        let mut order = Vec::new();
        for alive in self.squashes.values() {
            let mut left: Vec<&String> = alive.iter().collect();
            while !left.is_empty() {
                let revised: HashSet<String> = left.iter().flat_map(|id| parents_of(id)).collect();
                let (leaves, rest): (Vec<&String>, Vec<&String>) = left
                    .into_iter()
                    .partition(|id| !revised.contains(id.as_str()));
                if leaves.is_empty() {
                    // A cycle cannot be loaded; delete what is left as it is.
                    order.extend(rest.into_iter().cloned());
                    break;
                }
                order.extend(leaves.into_iter().cloned());
                left = rest;
            }
        }
        order
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn rev(id: &str, parents: &[&str]) -> Revision {
        Revision {
            id: id.into(),
            parents: parents.iter().map(|p| p.to_string()).collect(),
            message: String::new(),
            path: PathBuf::from(format!("{id}.sql")),
            branch_labels: Vec::new(),
            depends_on: Vec::new(),
        }
    }

    fn strings(ids: &[&str]) -> Vec<String> {
        ids.iter().map(|s| s.to_string()).collect()
    }

    /// f ← a ← b ← c ← d, and s (revises f) replacing a b c.
    fn history() -> (Vec<Revision>, Vec<(String, Vec<String>)>) {
        let revs = vec![
            rev("f", &[]),
            rev("a", &["f"]),
            rev("b", &["a"]),
            rev("c", &["b"]),
            rev("d", &["c"]),
            rev("s", &["f"]),
        ];
        (revs, vec![("s".into(), strings(&["a", "b", "c"]))])
    }

    fn squashes(
        revs: &[Revision],
        replaces: &[(String, Vec<String>)],
    ) -> Result<Squashes, AdoptError> {
        let empty = Vec::new();
        let declared: Vec<Declared> = revs
            .iter()
            .map(|r| Declared {
                id: &r.id,
                parents: &r.parents,
                replaces: replaces
                    .iter()
                    .find(|(id, _)| *id == r.id)
                    .map_or(&empty, |(_, list)| list),
            })
            .collect();
        Squashes::of(&declared)
    }

    #[test]
    fn the_squashed_view_reads_the_range_as_the_squash() {
        let (revs, replaces) = history();
        let s = squashes(&revs, &replaces).unwrap();
        assert_eq!(s.replaced_by("b"), Some("s"));
        assert_eq!(s.replaced_by("d"), None);
        let view = s.squashed_view(revs.clone());
        let ids: Vec<_> = view
            .iter()
            .map(|r| (r.id.as_str(), r.parents.clone()))
            .collect();
        assert_eq!(
            ids,
            [
                ("f", vec![]),
                ("d", strings(&["s"])),
                ("s", strings(&["f"]))
            ]
        );
        let originals = s.originals_view(revs);
        assert_eq!(originals.len(), 5);
        assert!(originals.iter().all(|r| r.id != "s"));
    }

    /// `squash --finish` part-way: d already revises s, and c is deleted.
    #[test]
    fn a_finish_part_way_still_reads_as_one_history() {
        let (mut revs, replaces) = history();
        revs[4] = rev("d", &["s"]);
        let s = squashes(&revs, &replaces).unwrap();
        let parents = |revs: &[Revision]| -> Vec<(String, Vec<String>)> {
            revs.iter()
                .map(|r| (r.id.clone(), r.parents.clone()))
                .collect()
        };
        // The originals view reads s as the end of what it replaces: c.
        let originals = parents(&s.originals_view(revs.clone()));
        assert!(
            originals.contains(&("d".into(), strings(&["c"]))),
            "{originals:?}"
        );
        let by_id = |id: &str| revs.iter().find(|r| r.id == id).unwrap().parents.clone();
        assert_eq!(s.replaced_children_first(by_id), ["c", "b", "a"]);

        revs.retain(|r| r.id != "c");
        let s = squashes(&revs, &replaces).unwrap();
        let originals = parents(&s.originals_view(revs.clone()));
        assert!(
            originals.contains(&("d".into(), strings(&["b"]))),
            "{originals:?}"
        );
        assert_eq!(parents(&s.squashed_view(revs.clone())).len(), 3);
    }

    #[test]
    fn a_finished_squash_is_an_ordinary_revision() {
        let (revs, replaces) = history();
        let revs: Vec<Revision> = revs
            .into_iter()
            .filter(|r| !["a", "b", "c"].contains(&r.id.as_str()))
            .collect();
        let s = squashes(&revs, &replaces).unwrap();
        assert!(s.is_empty());
        assert_eq!(s.squashed_view(revs.clone()), revs);
    }

    #[test]
    fn conflicting_declarations_are_refused() {
        let (mut revs, mut replaces) = history();
        revs.push(rev("t", &["f"]));
        replaces.push(("t".into(), strings(&["c"])));
        let err = squashes(&revs, &replaces).unwrap_err().to_string();
        assert!(err.contains("c is already replaced by s"), "{err}");

        let (revs, _) = history();
        let replaces = vec![("s".into(), strings(&["f", "a"]))];
        let mut revs = revs;
        revs[5].parents = strings(&["f"]);
        let err = squashes(&revs, &replaces).unwrap_err().to_string();
        assert!(err.contains("it revises f, which it replaces"), "{err}");
    }
}
