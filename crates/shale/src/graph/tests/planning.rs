//! Upgrade and downgrade plans to absolute targets, and `resolve_target`.

use super::*;
use crate::graph::{Direction, GraphError, Target};

fn rev(id: &str) -> Target {
    Target::Rev(id.into())
}

#[test]
fn upgrade_head_from_base_applies_everything_in_order() {
    let steps = linear().upgrade_steps(&[], &Target::Head).unwrap();
    assert_eq!(revs(&steps), ["a0", "b0", "c0", "d0"]);
    assert!(steps.iter().all(|s| s.direction == Direction::Up));
    assert_chained(&[], &steps);
    assert_eq!(steps[0].heads_after, ["a0"]);
    assert_eq!(steps[3].heads_after, ["d0"]);
}

#[test]
fn upgrade_head_from_the_middle_applies_the_rest() {
    let steps = linear()
        .upgrade_steps(&strings(&["b0"]), &Target::Head)
        .unwrap();
    assert_eq!(revs(&steps), ["c0", "d0"]);
    assert_chained(&["b0"], &steps);
}

#[test]
fn upgrade_head_with_several_heads_lists_them() {
    let err = branched().upgrade_steps(&[], &Target::Head).unwrap_err();
    assert_eq!(
        err,
        GraphError::MultipleHeads {
            heads: strings(&["x2", "y1"])
        }
    );
    let message = err.to_string();
    assert!(message.contains("x2, y1"), "{message}");
    assert!(
        message.contains("shale merge -m MESSAGE x2 y1"),
        "{message}"
    );
    assert!(message.contains("`heads`"), "{message}");
}

#[test]
fn upgrade_heads_applies_every_branch() {
    let steps = branched().upgrade_steps(&[], &Target::Heads).unwrap();
    assert_eq!(revs(&steps), ["r", "x1", "x2", "y1"]);
    assert_chained(&[], &steps);
    assert_eq!(steps[3].heads_after, ["x2", "y1"]);
}

#[test]
fn upgrade_to_another_branch_keeps_the_current_one() {
    let steps = branched()
        .upgrade_steps(&strings(&["x2"]), &rev("y1"))
        .unwrap();
    assert_eq!(revs(&steps), ["y1"]);
    assert_eq!(steps[0].heads_before, ["x2"]);
    assert_eq!(steps[0].heads_after, ["x2", "y1"]);
}

#[test]
fn upgrade_to_a_merge_applies_both_branches_first() {
    let steps = merged()
        .upgrade_steps(&strings(&["x1"]), &Target::Head)
        .unwrap();
    assert_eq!(revs(&steps), ["x2", "y1", "m"]);
    assert_chained(&["x1"], &steps);
    assert_eq!(steps[1].heads_after, ["x2", "y1"]);
    assert_eq!(steps[2].heads_after, ["m"]);
}

#[test]
fn upgrade_to_two_roots_heads() {
    let steps = two_roots()
        .upgrade_steps(&strings(&["q"]), &Target::Heads)
        .unwrap();
    assert_eq!(revs(&steps), ["p", "q2"]);
    assert_eq!(steps[1].heads_after, ["p", "q2"]);
}

#[test]
fn upgrade_by_prefix() {
    let g = graph(&[("ae1027a6acf0", &[]), ("bb20", &["ae1027a6acf0"])]);
    let steps = g.upgrade_steps(&[], &rev("ae10")).unwrap();
    assert_eq!(revs(&steps), ["ae1027a6acf0"]);
    assert!(matches!(
        g.upgrade_steps(&[], &rev("zz")),
        Err(GraphError::UnknownRevision { .. })
    ));
}

#[test]
fn upgrade_to_the_current_revision_does_nothing() {
    let g = linear();
    assert!(g
        .upgrade_steps(&strings(&["d0"]), &Target::Head)
        .unwrap()
        .is_empty());
    assert!(g
        .upgrade_steps(&strings(&["c0"]), &rev("c0"))
        .unwrap()
        .is_empty());
    assert!(g.upgrade_steps(&[], &Target::Base).unwrap().is_empty());
    let b = branched();
    assert!(b
        .upgrade_steps(&strings(&["x2", "y1"]), &rev("y1"))
        .unwrap()
        .is_empty());
}

#[test]
fn upgrade_below_current_points_to_downgrade() {
    let g = linear();
    for target in [rev("b0"), Target::Base, Target::Relative(-1)] {
        let err = g.upgrade_steps(&strings(&["c0"]), &target).unwrap_err();
        assert_eq!(
            err,
            GraphError::TargetBelowCurrent {
                target: target.to_string(),
                current: strings(&["c0"])
            }
        );
        let message = err.to_string();
        assert!(
            message.contains(&format!("shale downgrade {target}")),
            "{message}"
        );
    }
}

#[test]
fn downgrade_to_a_revision_unapplies_its_descendants() {
    let steps = linear()
        .downgrade_steps(&strings(&["d0"]), &rev("b0"))
        .unwrap();
    assert_eq!(revs(&steps), ["d0", "c0"]);
    assert!(steps.iter().all(|s| s.direction == Direction::Down));
    assert_chained(&["d0"], &steps);
    assert_eq!(steps[1].heads_after, ["b0"]);
}

#[test]
fn downgrade_base_unapplies_everything() {
    let steps = merged()
        .downgrade_steps(&strings(&["m"]), &Target::Base)
        .unwrap();
    assert_eq!(revs(&steps), ["m", "y1", "x2", "x1", "r"]);
    assert_chained(&["m"], &steps);
    assert_eq!(steps[0].heads_after, ["x2", "y1"]);
    assert!(steps[4].heads_after.is_empty());
}

#[test]
fn downgrade_leaves_unrelated_branches() {
    let g = branched();
    let steps = g
        .downgrade_steps(&strings(&["x2", "y1"]), &rev("x1"))
        .unwrap();
    assert_eq!(revs(&steps), ["x2"]);
    assert_eq!(steps[0].heads_after, ["x1", "y1"]);
    let steps = g
        .downgrade_steps(&strings(&["x2", "y1"]), &rev("r"))
        .unwrap();
    assert_eq!(revs(&steps), ["y1", "x2", "x1"]);
    assert_chained(&["x2", "y1"], &steps);
    assert_eq!(steps[2].heads_after, ["r"]);
}

#[test]
fn downgrade_to_one_side_of_a_diamond_keeps_the_other() {
    // b is not a descendant of a, so it stays applied (as in Alembic).
    let steps = diamond()
        .downgrade_steps(&strings(&["m"]), &rev("a"))
        .unwrap();
    assert_eq!(revs(&steps), ["m"]);
    assert_eq!(steps[0].heads_after, ["a", "b"]);
    let steps = diamond()
        .downgrade_steps(&strings(&["m"]), &rev("r"))
        .unwrap();
    assert_eq!(revs(&steps), ["m", "b", "a"]);
    assert_eq!(steps[2].heads_after, ["r"]);
}

#[test]
fn downgrade_to_the_current_revision_does_nothing() {
    let g = linear();
    assert!(g
        .downgrade_steps(&strings(&["c0"]), &rev("c0"))
        .unwrap()
        .is_empty());
    assert!(g.downgrade_steps(&[], &Target::Base).unwrap().is_empty());
    assert!(g
        .downgrade_steps(&strings(&["d0"]), &Target::Head)
        .unwrap()
        .is_empty());
}

#[test]
fn downgrade_to_an_unapplied_revision_points_to_upgrade() {
    let g = branched();
    for target in [rev("x2"), rev("y1"), Target::Heads, Target::Relative(1)] {
        let err = g.downgrade_steps(&strings(&["x1"]), &target).unwrap_err();
        assert_eq!(
            err,
            GraphError::TargetNotApplied {
                target: target.to_string(),
                current: strings(&["x1"])
            }
        );
        assert!(
            err.to_string().contains(&format!("shale upgrade {target}")),
            "{err}"
        );
    }
    let message = g.downgrade_steps(&[], &rev("r")).unwrap_err().to_string();
    assert!(message.contains("the database is at base"), "{message}");
}

#[test]
fn current_revisions_must_be_in_the_graph() {
    let g = linear();
    let current = strings(&["b0", "f00dfeed0000"]);
    let expected = GraphError::CurrentNotInGraph {
        revision: "f00dfeed0000".into(),
    };
    assert_eq!(
        g.upgrade_steps(&current, &Target::Head),
        Err(expected.clone())
    );
    assert_eq!(
        g.downgrade_steps(&current, &Target::Base),
        Err(expected.clone())
    );
    assert_eq!(
        g.resolve_target(&current, &Target::Head),
        Err(expected.clone())
    );
    let message = expected.to_string();
    assert!(
        message.contains("f00dfeed0000") && message.contains("deleted file"),
        "{message}"
    );
}

#[test]
fn current_entries_that_are_not_heads_are_dropped() {
    let steps = linear()
        .upgrade_steps(&strings(&["a0", "c0", "c0"]), &Target::Head)
        .unwrap();
    assert_eq!(revs(&steps), ["d0"]);
    assert_eq!(steps[0].heads_before, ["c0"]);
}

#[test]
fn resolve_target_gives_the_heads_at_the_target() {
    let g = merged();
    assert_eq!(g.resolve_target(&[], &Target::Head).unwrap(), ["m"]);
    assert_eq!(g.resolve_target(&[], &rev("x2")).unwrap(), ["x2"]);
    assert!(g
        .resolve_target(&strings(&["m"]), &Target::Base)
        .unwrap()
        .is_empty());
    assert_eq!(
        g.resolve_target(&strings(&["m"]), &Target::Relative(-1))
            .unwrap(),
        ["x2", "y1"]
    );
    assert_eq!(
        g.resolve_target(&strings(&["m"]), &rev("x1")).unwrap(),
        ["x1", "y1"]
    );
    assert_eq!(
        g.resolve_target(&strings(&["x2"]), &rev("y1")).unwrap(),
        ["x2", "y1"]
    );
    assert_eq!(
        g.resolve_target(&strings(&["x1"]), &Target::Relative(1))
            .unwrap(),
        ["x2"]
    );
    assert_eq!(
        g.resolve_target(&strings(&["x1"]), &Target::Relative(0))
            .unwrap(),
        ["x1"]
    );
    assert!(matches!(
        branched().resolve_target(&[], &Target::Head),
        Err(GraphError::MultipleHeads { .. })
    ));
}

#[test]
fn empty_graph_plans_nothing() {
    let g = RevisionGraph::new(Vec::new()).unwrap();
    assert!(g.upgrade_steps(&[], &Target::Head).unwrap().is_empty());
    assert!(g.upgrade_steps(&[], &Target::Heads).unwrap().is_empty());
    assert!(g.downgrade_steps(&[], &Target::Base).unwrap().is_empty());
    assert!(g.resolve_target(&[], &Target::Head).unwrap().is_empty());
}
