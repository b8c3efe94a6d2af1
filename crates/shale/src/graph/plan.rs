//! Planning: the [`Step`]s from the database's current heads to a [`Target`].

use super::cursor::Cursor;
use super::locate::Destination;
use super::{GraphError, RevisionGraph, Target};
use std::fmt;

/// Which way a step moves the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    /// Applying a revision's upgrade section.
    Up,
    /// Applying a revision's downgrade section.
    Down,
}

impl Direction {
    /// `"up"` or `"down"`, as recorded in the version history.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Up => "up",
            Direction::Down => "down",
        }
    }
}

impl fmt::Display for Direction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One revision to apply or unapply, with the version table before and after it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// The revision whose section runs.
    pub revision: String,
    /// Whether its upgrade or its downgrade section runs.
    pub direction: Direction,
    /// The version-table contents (the heads, sorted by id) before this step.
    pub heads_before: Vec<String>,
    /// The version-table contents (the heads, sorted by id) after this step.
    pub heads_after: Vec<String>,
}

impl RevisionGraph {
    /// The steps that upgrade a database at `current` (its version table; empty = base)
    /// to `target`: every unapplied ancestor of the target and the target itself,
    /// parents before children, in topological order.
    ///
    /// A target already among the current heads gives no steps; a target below the
    /// current position is an error that points to `downgrade`.
    pub fn upgrade_steps(
        &self,
        current: &[String],
        target: &Target,
    ) -> Result<Vec<Step>, GraphError> {
        let mut cursor = Cursor::new(self, current)?;
        let destination = self.locate(&cursor, target)?;
        let order = self.upgrade_order(&cursor, destination, target)?;
        Ok(self.steps(&mut cursor, &order, Direction::Up))
    }

    /// The steps that downgrade a database at `current` to `target`: every applied
    /// descendant of the target (not the target itself), children before parents.
    ///
    /// `base` unapplies everything; `-N` takes the first N steps of that, so from a
    /// single head it unapplies the head, then its parent, and so on. A target that is
    /// not applied is an error that points to `upgrade`.
    pub fn downgrade_steps(
        &self,
        current: &[String],
        target: &Target,
    ) -> Result<Vec<Step>, GraphError> {
        let mut cursor = Cursor::new(self, current)?;
        let destination = self.locate(&cursor, target)?;
        let order = self.downgrade_order(&cursor, destination, target)?;
        Ok(self.steps(&mut cursor, &order, Direction::Down))
    }

    /// The heads a database at `current` would have at `target`, sorted by id: where
    /// `stamp` puts the version table, and where a `--sql` range starts.
    ///
    /// A target above the current position (or beside it) is reached as by
    /// [`RevisionGraph::upgrade_steps`], one below it as by
    /// [`RevisionGraph::downgrade_steps`]; pass an empty `current` for the absolute
    /// position of a target.
    pub fn resolve_target(
        &self,
        current: &[String],
        target: &Target,
    ) -> Result<Vec<String>, GraphError> {
        let mut cursor = Cursor::new(self, current)?;
        let destination = self.locate(&cursor, target)?;
        if is_below(&cursor, &destination) {
            for i in self.downgrade_order(&cursor, destination, target)? {
                cursor.unapply(i);
            }
        } else {
            for i in self.upgrade_order(&cursor, destination, target)? {
                cursor.apply(i);
            }
        }
        Ok(cursor.heads())
    }

    /// The revisions `target` names by itself, from base: one for a revision, `head`,
    /// `LABEL@head` or `REV±N`, every head for `heads`, none for `base`. Unlike
    /// [`RevisionGraph::resolve_target`] this leaves out the dependencies a database at
    /// the target would also be at. `+N`/`-N` count from base.
    pub fn target_revisions(&self, target: &Target) -> Result<Vec<String>, GraphError> {
        let cursor = Cursor::new(self, &[])?;
        Ok(match self.locate(&cursor, target)? {
            Destination::Revisions(found) => {
                found.iter().map(|&i| self.id(i).to_string()).collect()
            }
            Destination::Base | Destination::StepsDown(_) | Destination::Without(_) => Vec::new(),
        })
    }

    /// The revisions to apply to reach `destination`, in topological order.
    fn upgrade_order(
        &self,
        cursor: &Cursor,
        destination: Destination,
        target: &Target,
    ) -> Result<Vec<usize>, GraphError> {
        if is_below(cursor, &destination) {
            return Err(GraphError::TargetBelowCurrent {
                target: target.to_string(),
                current: cursor.heads(),
            });
        }
        let Destination::Revisions(targets) = destination else {
            return Ok(Vec::new()); // base, with nothing applied
        };
        let mut reached = cursor.applied().to_vec();
        let mut order = self.mark_ancestors(&targets, &mut reached);
        order.sort_unstable_by_key(|&i| self.position[i]);
        Ok(order)
    }

    /// The revisions to unapply to reach `destination`, children before parents.
    fn downgrade_order(
        &self,
        cursor: &Cursor,
        destination: Destination,
        target: &Target,
    ) -> Result<Vec<usize>, GraphError> {
        match destination {
            Destination::Base => Ok(cursor.applied_newest_first()),
            Destination::Without(starts) => {
                let mut order = self.descendants_within(&starts, cursor.applied());
                order.extend(starts.iter().copied().filter(|&s| cursor.is_applied(s)));
                order.sort_unstable_by_key(|&i| std::cmp::Reverse(self.position[i]));
                order.dedup();
                Ok(order)
            }
            Destination::StepsDown(steps) => {
                let mut order = cursor.applied_newest_first();
                if order.len() < steps {
                    return Err(GraphError::RelativeOutOfRange {
                        direction: Direction::Down,
                        steps: steps as u64,
                        from: position_name(cursor),
                        available: order.len(),
                    });
                }
                order.truncate(steps);
                Ok(order)
            }
            Destination::Revisions(targets) => {
                if targets.iter().any(|&t| !cursor.is_applied(t)) {
                    return Err(GraphError::TargetNotApplied {
                        target: target.to_string(),
                        current: cursor.heads(),
                    });
                }
                let mut order = self.descendants_within(&targets, cursor.applied());
                order.sort_unstable_by_key(|&i| std::cmp::Reverse(self.position[i]));
                Ok(order)
            }
        }
    }

    /// Runs `order` through `cursor`, recording each step's heads before and after.
    fn steps(&self, cursor: &mut Cursor, order: &[usize], direction: Direction) -> Vec<Step> {
        let mut before = cursor.heads();
        order
            .iter()
            .map(|&i| {
                match direction {
                    Direction::Up => cursor.apply(i),
                    Direction::Down => cursor.unapply(i),
                }
                let after = cursor.heads();
                Step {
                    revision: self.id(i).to_string(),
                    direction,
                    heads_before: std::mem::replace(&mut before, after.clone()),
                    heads_after: after,
                }
            })
            .collect()
    }
}

/// Whether reaching `destination` from `cursor` means going down: base or `-N` with
/// something applied, or a revision that is applied but not a current head.
fn is_below(cursor: &Cursor, destination: &Destination) -> bool {
    match destination {
        Destination::Base => !cursor.heads().is_empty(),
        Destination::StepsDown(steps) => *steps > 0,
        Destination::Without(starts) => starts.iter().any(|&s| cursor.is_applied(s)),
        Destination::Revisions(targets) => targets
            .iter()
            .any(|&t| cursor.is_applied(t) && !cursor.is_head(t)),
    }
}

/// The current position for a message: the heads, or `base`.
fn position_name(cursor: &Cursor) -> String {
    match cursor.heads() {
        heads if heads.is_empty() => "base".to_string(),
        heads => heads.join(", "),
    }
}
