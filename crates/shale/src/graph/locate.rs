//! Turning a [`Target`] into a destination in the graph, relative to a database position.

use super::cursor::Cursor;
use super::{Direction, GraphError, RevisionGraph, Target};

/// Where a target points, once resolved against the graph and the current position.
pub(super) enum Destination {
    /// The empty state before any root.
    Base,
    /// These revisions (one, or every head for `heads`).
    Revisions(Vec<usize>),
    /// `-N`: the first N steps of a downgrade to base.
    StepsDown(usize),
    /// The position without these revisions and everything above them or depending on
    /// them: `LABEL@head-N` going below the first revision of a branch unapplies the
    /// branch, not the other branches too.
    Without(Vec<usize>),
}

impl RevisionGraph {
    /// Resolves `target` against the database position `cursor`.
    pub(super) fn locate(
        &self,
        cursor: &Cursor,
        target: &Target,
    ) -> Result<Destination, GraphError> {
        match target {
            Target::Head => Ok(Destination::Revisions(
                self.single_head()?.into_iter().collect(),
            )),
            Target::Heads => Ok(Destination::Revisions(self.head_indices())),
            Target::Base => Ok(Destination::Base),
            Target::Rev(rev) => Ok(Destination::Revisions(vec![self.resolve_index(rev)?])),
            Target::Relative(0) => Ok(match cursor.head_indices() {
                heads if heads.is_empty() => Destination::Base,
                heads => Destination::Revisions(heads),
            }),
            Target::Relative(steps) if *steps > 0 => {
                let steps = steps.unsigned_abs();
                let from = single_current_head(cursor, steps)?;
                self.walk_up(from, steps).map(destination)
            }
            Target::Relative(steps) => {
                // As Alembic: from several heads, `-N` does not say which branch to walk.
                if cursor.head_indices().len() > 1 {
                    return Err(GraphError::MultipleCurrentHeadsDown {
                        heads: cursor.heads(),
                        steps: steps.unsigned_abs(),
                    });
                }
                Ok(Destination::StepsDown(
                    usize::try_from(steps.unsigned_abs()).unwrap_or(usize::MAX),
                ))
            }
            Target::Branch(label, inner) => self.locate_on_branch(label, inner, cursor),
            Target::RevRelative(anchor, steps) => {
                let from = self.anchor(anchor)?;
                let reached = match (from, *steps >= 0) {
                    (from, true) => self.walk_up(from, steps.unsigned_abs())?,
                    (Some(from), false) => self.walk_down(from, steps.unsigned_abs())?,
                    (None, false) => {
                        return Err(self.out_of_range(
                            Direction::Down,
                            steps.unsigned_abs(),
                            None,
                            0,
                        ))
                    }
                };
                Ok(destination(reached))
            }
        }
    }

    /// Resolves `LABEL@inner`: `head`/`heads` are the branch's heads, a revision must be
    /// on the branch, `REV±N` counts from such a revision (or the branch's head), and `±N`
    /// from the database's current head on the branch.
    fn locate_on_branch(
        &self,
        label: &str,
        inner: &Target,
        cursor: &Cursor,
    ) -> Result<Destination, GraphError> {
        let labelled = self.label_index(label)?;
        let heads = self.branch_heads(labelled);
        let single_head = || match heads.as_slice() {
            [only] => Ok(*only),
            many => Err(GraphError::MultipleHeads {
                heads: many.iter().map(|&i| self.id(i).to_string()).collect(),
            }),
        };
        let member = |rev: &str| -> Result<usize, GraphError> {
            let i = self.resolve_index(rev)?;
            if self.on_branch(labelled, i) {
                Ok(i)
            } else {
                Err(GraphError::NotOnBranch {
                    label: label.to_string(),
                    revision: self.id(i).to_string(),
                    labelled: self.id(labelled).to_string(),
                })
            }
        };
        match inner {
            // Before the branch's first revision: it goes with what builds on it.
            Target::Base => Ok(Destination::Without(vec![labelled])),
            Target::Head => Ok(Destination::Revisions(vec![single_head()?])),
            Target::Heads => Ok(Destination::Revisions(heads.clone())),
            Target::Rev(rev) => Ok(Destination::Revisions(vec![member(rev)?])),
            Target::Relative(steps) => {
                let current: Vec<usize> = cursor
                    .head_indices()
                    .into_iter()
                    .filter(|&h| self.on_branch(labelled, h))
                    .collect();
                let from = match current.as_slice() {
                    [only] => *only,
                    [] => {
                        return Err(GraphError::BadTarget {
                            target: format!("{label}@{inner}"),
                            reason: format!(
                                "the database has no revision of branch `{label}` applied \
                                 to count from: name one (`{label}@head`, `{label}@REV`)"
                            ),
                        })
                    }
                    many => {
                        return Err(GraphError::MultipleCurrentHeadsDown {
                            heads: many.iter().map(|&i| self.id(i).to_string()).collect(),
                            steps: steps.unsigned_abs(),
                        })
                    }
                };
                if *steps < 0 {
                    // Down from the database's position on the branch: those revisions
                    // go (with what depends on them), the other branches stay where
                    // they are.
                    let n = steps.unsigned_abs();
                    let Some(last) = self.walk_down(from, n - 1)? else {
                        return Err(self.out_of_range(Direction::Down, n, Some(from), n - 1));
                    };
                    return Ok(Destination::Without(vec![last]));
                }
                self.relative_on_branch(from, *steps)
            }
            Target::RevRelative(anchor, steps) => {
                let from = match anchor.as_str() {
                    "head" => single_head()?,
                    rev => member(rev)?,
                };
                self.relative_on_branch(from, *steps)
            }
            other => Err(GraphError::BadTarget {
                target: format!("{label}@{other}"),
                reason: "after `LABEL@` comes head, heads, base, a revision or REV±N".to_string(),
            }),
        }
    }

    /// `steps` from revision `from` of a branch: up through children, or down through
    /// parents, where going below the branch's root unapplies the branch alone.
    fn relative_on_branch(&self, from: usize, steps: i64) -> Result<Destination, GraphError> {
        let reached = if steps >= 0 {
            self.walk_up(Some(from), steps.unsigned_abs())?
        } else {
            self.walk_down(from, steps.unsigned_abs())?
        };
        if reached.is_none() && steps < 0 {
            // Below the branch's root: the branch goes, the rest stays.
            let root = self.walk_down(from, steps.unsigned_abs() - 1)?;
            return Ok(Destination::Without(root.into_iter().collect()));
        }
        Ok(destination(reached))
    }

    /// The single head; `None` for an empty graph; an error listing them if several.
    fn single_head(&self) -> Result<Option<usize>, GraphError> {
        match self.head_indices().as_slice() {
            [] => Ok(None),
            [only] => Ok(Some(*only)),
            many => Err(GraphError::MultipleHeads {
                heads: many.iter().map(|&i| self.id(i).to_string()).collect(),
            }),
        }
    }

    /// The revision a `REV±N` target counts from: `head`, `base` (`None`) or a revision.
    fn anchor(&self, anchor: &str) -> Result<Option<usize>, GraphError> {
        match anchor {
            "base" => Ok(None),
            "head" => match self.single_head()? {
                Some(head) => Ok(Some(head)),
                None => Err(GraphError::UnknownRevision {
                    revision: anchor.to_string(),
                }),
            },
            rev => self.resolve_index(rev).map(Some),
        }
    }

    /// Follows the only child `steps` times from `from` (`None` = base, whose children
    /// are the roots). A branch point on the way is ambiguous.
    fn walk_up(&self, from: Option<usize>, steps: u64) -> Result<Option<usize>, GraphError> {
        let mut at = from;
        for taken in 0..steps {
            let next = at.map_or(self.roots.as_slice(), |i| self.children[i].as_slice());
            match next {
                [] => return Err(self.out_of_range(Direction::Up, steps, from, taken)),
                [only] => at = Some(*only),
                many => return Err(self.ambiguous(Direction::Up, at, many)),
            }
        }
        Ok(at)
    }

    /// Follows the only parent `steps` times from `from`; below a root is base. A merge
    /// point on the way is ambiguous.
    fn walk_down(&self, from: usize, steps: u64) -> Result<Option<usize>, GraphError> {
        let mut at = Some(from);
        for taken in 0..steps {
            let Some(i) = at else {
                return Err(self.out_of_range(Direction::Down, steps, Some(from), taken));
            };
            match self.parents[i].as_slice() {
                [] => at = None,
                [only] => at = Some(*only),
                many => return Err(self.ambiguous(Direction::Down, at, many)),
            }
        }
        Ok(at)
    }

    fn out_of_range(
        &self,
        direction: Direction,
        steps: u64,
        from: Option<usize>,
        available: u64,
    ) -> GraphError {
        GraphError::RelativeOutOfRange {
            direction,
            steps,
            from: self.name(from),
            available: usize::try_from(available).unwrap_or(usize::MAX),
        }
    }

    fn ambiguous(&self, direction: Direction, at: Option<usize>, options: &[usize]) -> GraphError {
        GraphError::AmbiguousRelative {
            direction,
            at: self.name(at),
            options: options.iter().map(|&i| self.id(i).to_string()).collect(),
        }
    }

    /// A revision's id, or `base`.
    fn name(&self, at: Option<usize>) -> String {
        at.map_or_else(|| "base".to_string(), |i| self.id(i).to_string())
    }
}

/// The single current head to count `+N` from (`None` at base).
fn single_current_head(cursor: &Cursor, steps: u64) -> Result<Option<usize>, GraphError> {
    match cursor.head_indices().as_slice() {
        [] => Ok(None),
        [only] => Ok(Some(*only)),
        _ => Err(GraphError::MultipleCurrentHeads {
            heads: cursor.heads(),
            steps,
        }),
    }
}

fn destination(reached: Option<usize>) -> Destination {
    match reached {
        None => Destination::Base,
        Some(i) => Destination::Revisions(vec![i]),
    }
}
