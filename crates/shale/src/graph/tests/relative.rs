//! Relative targets: `+N`, `-N`, `REV+N`, `REV-N`.

use super::*;
use crate::graph::{Direction, GraphError, Target};

fn target(text: &str) -> Target {
    text.parse().unwrap()
}

#[test]
fn plus_n_walks_up_from_the_current_head() {
    let g = linear();
    assert_eq!(
        revs(&g.upgrade_steps(&[], &target("+2")).unwrap()),
        ["a0", "b0"]
    );
    assert_eq!(
        revs(&g.upgrade_steps(&strings(&["b0"]), &target("+2")).unwrap()),
        ["c0", "d0"]
    );
}

#[test]
fn plus_n_past_the_head_is_out_of_range() {
    let err = linear()
        .upgrade_steps(&strings(&["b0"]), &target("+3"))
        .unwrap_err();
    assert_eq!(
        err,
        GraphError::RelativeOutOfRange {
            direction: Direction::Up,
            steps: 3,
            from: "b0".into(),
            available: 2,
        }
    );
    assert_eq!(
        err.to_string(),
        "cannot go up 3 from b0: only 2 revisions above"
    );
}

#[test]
fn plus_n_through_a_branch_point_is_ambiguous() {
    let err = branched().upgrade_steps(&[], &target("+2")).unwrap_err();
    assert_eq!(
        err,
        GraphError::AmbiguousRelative {
            direction: Direction::Up,
            at: "r".into(),
            options: strings(&["x1", "y1"]),
        }
    );
    let message = err.to_string();
    assert!(
        message.contains("branch point with children x1, y1"),
        "{message}"
    );
    let from_base = two_roots().upgrade_steps(&[], &target("+1")).unwrap_err();
    assert!(matches!(from_base, GraphError::AmbiguousRelative { at, .. } if at == "base"));
}

#[test]
fn plus_n_from_several_current_heads_is_refused() {
    let err = branched()
        .upgrade_steps(&strings(&["x1", "y1"]), &target("+1"))
        .unwrap_err();
    assert_eq!(
        err,
        GraphError::MultipleCurrentHeads {
            heads: strings(&["x1", "y1"]),
            steps: 1
        }
    );
    assert!(err.to_string().contains("REV+1"), "{err}");
}

#[test]
fn minus_n_from_several_current_heads_is_refused_as_alembic_does() {
    let err = branched()
        .downgrade_steps(&strings(&["x1", "y1"]), &target("-1"))
        .unwrap_err();
    assert_eq!(
        err,
        GraphError::MultipleCurrentHeadsDown {
            heads: strings(&["x1", "y1"]),
            steps: 1
        }
    );
    assert!(err.to_string().contains("shale downgrade REV"), "{err}");
}

#[test]
fn plus_n_onto_a_merge_applies_its_other_branch() {
    let steps = merged()
        .upgrade_steps(&strings(&["x2"]), &target("+1"))
        .unwrap();
    assert_eq!(revs(&steps), ["y1", "m"]);
}

#[test]
fn minus_n_walks_down_from_the_current_head() {
    let g = linear();
    let steps = g.downgrade_steps(&strings(&["d0"]), &target("-1")).unwrap();
    assert_eq!(revs(&steps), ["d0"]);
    assert_eq!(steps[0].heads_after, ["c0"]);
    let steps = g.downgrade_steps(&strings(&["d0"]), &target("-4")).unwrap();
    assert_eq!(revs(&steps), ["d0", "c0", "b0", "a0"]);
    assert!(steps[3].heads_after.is_empty());
}

#[test]
fn minus_n_past_base_is_out_of_range() {
    let err = linear()
        .downgrade_steps(&strings(&["b0"]), &target("-3"))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "cannot go down 3 from b0: only 2 revisions below"
    );
    let err = linear().downgrade_steps(&[], &target("-1")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "cannot go down 1 from base: only 0 revisions below"
    );
}

#[test]
fn minus_one_at_a_merge_leaves_its_parents_as_heads() {
    let g = merged();
    let steps = g.downgrade_steps(&strings(&["m"]), &target("-1")).unwrap();
    assert_eq!(revs(&steps), ["m"]);
    assert_eq!(steps[0].heads_after, ["x2", "y1"]);
    let steps = g.downgrade_steps(&strings(&["m"]), &target("-3")).unwrap();
    assert_eq!(revs(&steps), ["m", "y1", "x2"]);
    assert_chained(&["m"], &steps);
}

#[test]
fn rev_plus_n_counts_from_the_revision() {
    let g = linear();
    assert_eq!(
        revs(&g.upgrade_steps(&strings(&["a0"]), &target("a0+2")).unwrap()),
        ["b0", "c0"]
    );
    assert_eq!(
        revs(&g.upgrade_steps(&[], &target("base+1")).unwrap()),
        ["a0"]
    );
    let err = g.upgrade_steps(&[], &target("c0+2")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "cannot go up 2 from c0: only 1 revision above"
    );
}

#[test]
fn rev_minus_n_counts_from_the_revision() {
    let g = linear();
    let steps = g
        .downgrade_steps(&strings(&["d0"]), &target("c0-1"))
        .unwrap();
    assert_eq!(revs(&steps), ["d0", "c0"]);
    let steps = g
        .downgrade_steps(&strings(&["d0"]), &target("head-2"))
        .unwrap();
    assert_eq!(revs(&steps), ["d0", "c0"]);
    // One below a root is base.
    let steps = g
        .downgrade_steps(&strings(&["b0"]), &target("a0-1"))
        .unwrap();
    assert_eq!(revs(&steps), ["b0", "a0"]);
    let err = g
        .downgrade_steps(&strings(&["b0"]), &target("a0-2"))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "cannot go down 2 from a0: only 1 revision below"
    );
    assert_eq!(g.resolve_target(&[], &target("d0-2")).unwrap(), ["b0"]);
}

#[test]
fn rev_minus_n_through_a_merge_is_ambiguous() {
    let err = merged()
        .downgrade_steps(&strings(&["m"]), &target("m-2"))
        .unwrap_err();
    assert_eq!(
        err,
        GraphError::AmbiguousRelative {
            direction: Direction::Down,
            at: "m".into(),
            options: strings(&["x2", "y1"]),
        }
    );
    assert!(err.to_string().contains("is a merge of x2, y1"), "{err}");
}

#[test]
fn rev_relative_anchors_resolve_like_revisions() {
    let g = branched();
    assert!(matches!(
        g.upgrade_steps(&[], &target("head-1")),
        Err(GraphError::MultipleHeads { .. })
    ));
    assert!(matches!(
        g.upgrade_steps(&[], &target("zz+1")),
        Err(GraphError::UnknownRevision { .. })
    ));
    assert!(matches!(
        g.upgrade_steps(&[], &target("x+1")),
        Err(GraphError::AmbiguousPrefix { .. })
    ));
    assert_eq!(
        revs(&g.upgrade_steps(&[], &target("x1+1")).unwrap()),
        ["r", "x1", "x2"]
    );
}
