//! Property tests of the revision graph on random DAGs, checked against a naive model.
//!
//! Each case is a random DAG (every revision revises up to three earlier ones, file
//! names in a random order) and a database state reached by upgrading from base. The
//! model computes ancestor sets by brute force; the graph's plans must agree with it,
//! chain their version-table contents, and respect parent/child order.

use proptest::prelude::*;
use shale::graph::{Direction, GraphError, Revision, RevisionGraph, Step, Target};
use std::collections::{BTreeSet, HashMap};

/// A random DAG: the graph and a brute-force model of it.
#[derive(Debug, Clone)]
struct Case {
    ids: Vec<String>,
    parents: Vec<Vec<usize>>,
    paths: Vec<String>,
}

impl Case {
    fn graph(&self) -> RevisionGraph {
        RevisionGraph::new(self.revisions()).expect("random DAGs are valid")
    }

    fn revisions(&self) -> Vec<Revision> {
        (0..self.ids.len())
            .map(|i| Revision {
                id: self.ids[i].clone(),
                parents: self.parents[i]
                    .iter()
                    .map(|&p| self.ids[p].clone())
                    .collect(),
                message: String::new(),
                path: self.paths[i].clone().into(),
                ..Revision::default()
            })
            .collect()
    }

    fn index(&self) -> HashMap<&str, usize> {
        self.ids
            .iter()
            .enumerate()
            .map(|(i, id)| (id.as_str(), i))
            .collect()
    }

    /// Revisions in `starts` and all their ancestors.
    fn ancestors(&self, starts: &[usize]) -> BTreeSet<usize> {
        let mut found = BTreeSet::new();
        let mut stack = starts.to_vec();
        while let Some(i) = stack.pop() {
            if found.insert(i) {
                stack.extend(&self.parents[i]);
            }
        }
        found
    }

    /// Members of `applied` that no other member revises, as sorted ids.
    fn heads_of(&self, applied: &BTreeSet<usize>) -> Vec<String> {
        let mut heads: Vec<String> = applied
            .iter()
            .filter(|&&i| !applied.iter().any(|&c| self.parents[c].contains(&i)))
            .map(|&i| self.ids[i].clone())
            .collect();
        heads.sort();
        heads
    }

    fn indices(&self, ids: &[String]) -> Vec<usize> {
        let index = self.index();
        ids.iter().map(|id| index[id.as_str()]).collect()
    }
}

/// Random DAGs of 1 to 24 revisions, with random ids and file-name order.
///
/// Ids are two random hex digits then a unique number, so short prefixes are often
/// ambiguous; file names (which break ties in the topological order) are random.
fn cases() -> impl Strategy<Value = Case> {
    prop::collection::vec(
        (prop::collection::vec(any::<usize>(), 0..=3), any::<u16>()),
        1..25,
    )
    .prop_map(|raw| {
        let n = raw.len();
        let ids = raw
            .iter()
            .enumerate()
            .map(|(i, (_, salt))| format!("{:02x}{i:02}", salt % 48))
            .collect();
        let paths = raw
            .iter()
            .map(|(_, salt)| format!("versions/{:03}.sql", salt / 48 % 20))
            .collect();
        let parents = raw
            .iter()
            .enumerate()
            .map(|(i, (picks, _))| {
                let mut parents: Vec<usize> = Vec::new();
                for pick in picks.iter().filter(|_| i > 0) {
                    let p = pick % i;
                    if !parents.contains(&p) {
                        parents.push(p);
                    }
                }
                parents
            })
            .collect::<Vec<_>>();
        debug_assert_eq!(parents.len(), n);
        Case {
            ids,
            parents,
            paths,
        }
    })
}

/// A case, a reachable current state (upgrades from base to some revisions), and picks.
fn scenarios() -> impl Strategy<Value = (Case, Vec<String>, usize, usize)> {
    cases().prop_flat_map(|case| {
        let n = case.ids.len();
        (prop::collection::vec(0..n, 0..4), 0..n, 0..=n + 1).prop_map(move |(ups, pick, count)| {
            let graph = case.graph();
            let mut current = Vec::new();
            for up in ups {
                let target = Target::Rev(case.ids[up].clone());
                match graph.upgrade_steps(&current, &target) {
                    Ok(steps) => current = final_heads(&current, &steps),
                    Err(GraphError::TargetBelowCurrent { .. }) => {}
                    Err(other) => panic!("upgrade to {target}: {other}"),
                }
            }
            (case.clone(), current, pick, count)
        })
    })
}

fn final_heads(start: &[String], steps: &[Step]) -> Vec<String> {
    steps
        .last()
        .map_or_else(|| start.to_vec(), |s| s.heads_after.clone())
}

/// Replays `steps` on the model from `applied`: checks the chain of version-table
/// contents, the parent/child order and each step's heads; returns the final set.
fn replay(
    case: &Case,
    mut applied: BTreeSet<usize>,
    steps: &[Step],
    direction: Direction,
) -> BTreeSet<usize> {
    let index = case.index();
    for step in steps {
        let r = index[step.revision.as_str()];
        assert_eq!(step.direction, direction);
        assert_eq!(
            step.heads_before,
            case.heads_of(&applied),
            "before {}",
            step.revision
        );
        match direction {
            Direction::Up => {
                assert!(!applied.contains(&r), "{} applied twice", step.revision);
                assert!(
                    case.parents[r].iter().all(|p| applied.contains(p)),
                    "{} before a parent",
                    step.revision
                );
                applied.insert(r);
            }
            Direction::Down => {
                assert!(applied.contains(&r), "{} not applied", step.revision);
                let child_applied = applied.iter().any(|&c| case.parents[c].contains(&r));
                assert!(!child_applied, "{} unapplied before a child", step.revision);
                applied.remove(&r);
            }
        }
        assert_eq!(
            step.heads_after,
            case.heads_of(&applied),
            "after {}",
            step.revision
        );
    }
    applied
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn structure_matches_the_model(case in cases()) {
        check_structure(&case)?;
    }

    #[test]
    fn upgrade_matches_the_model((case, current, pick, _) in scenarios()) {
        check_upgrade(&case, &current, pick)?;
    }

    #[test]
    fn upgrade_then_downgrade_returns_to_the_start((case, _, pick, from) in scenarios()) {
        check_round_trip(&case, from, pick)?;
    }

    #[test]
    fn downgrade_matches_the_model((case, current, pick, count) in scenarios()) {
        check_downgrade(&case, &current, pick)?;
        check_steps_down(&case, &current, count.max(1))?;
    }
}

/// Topological order, heads, bases, branch and merge points, ancestry and prefixes.
fn check_structure(case: &Case) -> Result<(), TestCaseError> {
    let graph = case.graph();
    let index = case.index();
    let order = graph.topological();
    prop_assert_eq!(order.len(), case.ids.len());
    let place: HashMap<&str, usize> = order.iter().enumerate().map(|(k, id)| (*id, k)).collect();
    for (i, parents) in case.parents.iter().enumerate() {
        for &p in parents {
            prop_assert!(place[case.ids[p].as_str()] < place[case.ids[i].as_str()]);
        }
    }
    let mut reversed = case.revisions();
    reversed.reverse();
    let rebuilt = RevisionGraph::new(reversed).unwrap();
    prop_assert_eq!(rebuilt.topological(), order.clone());
    let children = |i: usize| {
        (0..case.ids.len())
            .filter(|&c| case.parents[c].contains(&i))
            .count()
    };
    for id in &order {
        let i = index[id];
        prop_assert_eq!(graph.heads().contains(id), children(i) == 0);
        prop_assert_eq!(graph.bases().contains(id), case.parents[i].is_empty());
        prop_assert_eq!(graph.branch_points().contains(id), children(i) >= 2);
        prop_assert_eq!(
            graph.merge_points().contains(id),
            case.parents[i].len() >= 2
        );
        let model: BTreeSet<&str> = case
            .ancestors(&[i])
            .iter()
            .map(|&a| case.ids[a].as_str())
            .collect();
        let found: BTreeSet<&str> = graph.ancestors_of(&[id]).into_iter().collect();
        prop_assert_eq!(found, model);
        for len in 1..=id.len() {
            let prefix = &id[..len];
            prop_assert_eq!(graph.resolve(prefix).ok(), unique_prefix(&case.ids, prefix));
        }
    }
    Ok(())
}

/// Upgrading to `pick` applies exactly its unapplied ancestors, or refuses if below.
fn check_upgrade(case: &Case, current: &[String], pick: usize) -> Result<(), TestCaseError> {
    let graph = case.graph();
    let applied = case.ancestors(&case.indices(current));
    let target = Target::Rev(case.ids[pick].clone());
    let below = applied.contains(&pick) && !current.contains(&case.ids[pick]);
    match graph.upgrade_steps(current, &target) {
        Err(GraphError::TargetBelowCurrent { .. }) => prop_assert!(below),
        Err(other) => prop_assert!(false, "unexpected error {}", other),
        Ok(steps) => {
            prop_assert!(!below);
            let reached = replay(case, applied.clone(), &steps, Direction::Up);
            let mut expected = applied;
            expected.extend(case.ancestors(&[pick]));
            prop_assert_eq!(&reached, &expected);
            let resolved = graph.resolve_target(current, &target).unwrap();
            prop_assert_eq!(resolved, case.heads_of(&expected));
        }
    }
    Ok(())
}

/// From base or a single head h (`from` past the end means base), upgrade to `pick`,
/// then downgrade back to h (or base).
///
/// Downgrading to h unapplies exactly h's applied descendants (Alembic's rule), so the
/// start comes back exactly when everything the upgrade applied descends from h; a
/// branch pulled in from beside h (through a merge) stays applied, as the model says.
fn check_round_trip(case: &Case, from: usize, pick: usize) -> Result<(), TestCaseError> {
    let graph = case.graph();
    let (start, back) = match case.ids.get(from) {
        Some(h) => {
            let target = Target::Rev(h.clone());
            (vec![h.clone()], target)
        }
        None => (Vec::new(), Target::Base),
    };
    let applied = case.ancestors(&case.indices(&start));
    let Ok(up) = graph.upgrade_steps(&start, &Target::Rev(case.ids[pick].clone())) else {
        return Ok(()); // `pick` is below the start: covered by check_upgrade
    };
    let top = final_heads(&start, &up);
    let down = graph.downgrade_steps(&top, &back).unwrap();
    let after_up = replay(case, applied.clone(), &up, Direction::Up);
    let after_down = replay(case, after_up.clone(), &down, Direction::Down);
    let above_start: BTreeSet<usize> = after_up
        .iter()
        .copied()
        .filter(|&r| match case.indices(&start).first() {
            Some(&h) => r != h && case.ancestors(&[r]).contains(&h),
            None => true,
        })
        .collect();
    let expected: BTreeSet<usize> = after_up.difference(&above_start).copied().collect();
    prop_assert_eq!(&after_down, &expected);
    let index = case.index();
    if up
        .iter()
        .all(|s| above_start.contains(&index[s.revision.as_str()]))
    {
        prop_assert_eq!(final_heads(&top, &down), start);
        prop_assert_eq!(down.len(), up.len());
    }
    Ok(())
}

/// Downgrading to `pick` unapplies exactly its applied descendants, or refuses if it is
/// not applied.
fn check_downgrade(case: &Case, current: &[String], pick: usize) -> Result<(), TestCaseError> {
    let graph = case.graph();
    let applied = case.ancestors(&case.indices(current));
    let target = Target::Rev(case.ids[pick].clone());
    match graph.downgrade_steps(current, &target) {
        Err(GraphError::TargetNotApplied { .. }) => prop_assert!(!applied.contains(&pick)),
        Err(other) => prop_assert!(false, "unexpected error {}", other),
        Ok(steps) => {
            let reached = replay(case, applied.clone(), &steps, Direction::Down);
            let expected: BTreeSet<usize> = applied
                .iter()
                .copied()
                .filter(|&r| r == pick || !case.ancestors(&[r]).contains(&pick))
                .collect();
            prop_assert_eq!(&reached, &expected);
            let resolved = graph.resolve_target(current, &target).unwrap();
            prop_assert_eq!(resolved, case.heads_of(&expected));
        }
    }
    Ok(())
}

/// `-N` unapplies N revisions, children first, or says how many there are; from several
/// heads it is refused (it would not say which branch to revert).
fn check_steps_down(case: &Case, current: &[String], count: usize) -> Result<(), TestCaseError> {
    let graph = case.graph();
    let applied = case.ancestors(&case.indices(current));
    let steps_back = Target::Relative(-(count as i64));
    let several_heads = case.heads_of(&applied).len() > 1;
    match graph.downgrade_steps(current, &steps_back) {
        Err(GraphError::MultipleCurrentHeadsDown { heads, .. }) => {
            prop_assert!(several_heads, "refused from one head");
            prop_assert_eq!(heads, case.heads_of(&applied));
        }
        _ if several_heads => prop_assert!(false, "-N from several heads was not refused"),
        Ok(steps) => {
            prop_assert_eq!(steps.len(), count);
            replay(case, applied, &steps, Direction::Down);
        }
        Err(GraphError::RelativeOutOfRange { available, .. }) => {
            prop_assert!(count > applied.len());
            prop_assert_eq!(available, applied.len());
        }
        Err(other) => prop_assert!(false, "unexpected error {}", other),
    }
    Ok(())
}

/// The id that `prefix` starts, if exactly one does (or one equals it).
fn unique_prefix<'a>(ids: &'a [String], prefix: &str) -> Option<&'a str> {
    if let Some(exact) = ids.iter().find(|id| id.as_str() == prefix) {
        return Some(exact);
    }
    let mut matching = ids.iter().filter(|id| id.starts_with(prefix));
    match (matching.next(), matching.next()) {
        (Some(only), None) => Some(only),
        _ => None,
    }
}
