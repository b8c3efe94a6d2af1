//! The revision graph as terminal text, newest first, one lane per line of descent (as
//! `git log --graph` draws commits):
//!
//! ```text
//! *   m (head) (mergepoint), merge
//! |\
//! | * b, on the side
//! * | a, on the main line
//! |/
//! * r (branchpoint), first
//! ```

use super::{Node, Picture};

/// Renders `picture` newest first. Each node is `*` in its lane; `|` continues a lane, `\`
/// opens one towards a further parent of a merge, `/` closes one into a branch point.
pub fn ascii(picture: &Picture) -> String {
    let mut lanes: Vec<Option<&str>> = Vec::new();
    let mut out = String::new();
    for node in picture.nodes.iter().rev() {
        let waiting: Vec<usize> = (0..lanes.len())
            .filter(|&i| lanes[i] == Some(node.revision.as_str()))
            .collect();
        let col = match waiting.first() {
            Some(&col) => col,
            None => free_lane(&mut lanes, 0),
        };
        lanes[col] = Some(node.revision.as_str());
        // Lanes of other children of this node close into its own, right to left.
        for &other in waiting.iter().skip(1).rev() {
            out.push_str(&connector(&lanes, col, other, '/', '_'));
            lanes[other] = None;
        }
        trim_lanes(&mut lanes);
        out.push_str(&node_row(&lanes, col, node));
        lanes[col] = node.parents.first().map(String::as_str);
        for parent in node.parents.iter().skip(1) {
            let lane = free_lane(&mut lanes, col + 1);
            lanes[lane] = Some(parent);
            out.push_str(&connector(&lanes, col, lane, '\\', '-'));
        }
        trim_lanes(&mut lanes);
    }
    out
}

/// The first free lane at or right of `from`, added when there is none.
fn free_lane(lanes: &mut Vec<Option<&str>>, from: usize) -> usize {
    match (from..lanes.len()).find(|&i| lanes[i].is_none()) {
        Some(i) => i,
        None => {
            lanes.push(None);
            lanes.len() - 1
        }
    }
}

/// Drops free lanes at the right edge.
fn trim_lanes(lanes: &mut Vec<Option<&str>>) {
    while lanes.last().is_some_and(Option::is_none) {
        lanes.pop();
    }
}

/// `| * | revision (tags), message`: the node in lane `col`.
fn node_row(lanes: &[Option<&str>], col: usize, node: &Node) -> String {
    let mut row = String::new();
    for (i, lane) in lanes.iter().enumerate().take(lanes.len().max(col + 1)) {
        row.push(match (i == col, lane) {
            (true, _) => '*',
            (false, Some(_)) => '|',
            (false, None) => ' ',
        });
        row.push(' ');
    }
    format!(
        "{}{}{}, {}\n",
        row,
        node.revision,
        node.tags(),
        node.message
    )
}

/// A row joining lane `col` and lane `other` (right of it): `end` just left of `other`,
/// `fill` along the way, lanes in between continuing with `|`.
fn connector(lanes: &[Option<&str>], col: usize, other: usize, end: char, fill: char) -> String {
    let mut row: Vec<char> = Vec::new();
    for (i, lane) in lanes.iter().enumerate() {
        let between = i > col && i < other;
        row.push(match lane {
            _ if i == other => ' ',
            Some(_) => '|',
            None if between => fill,
            None => ' ',
        });
        row.push(if i + 1 == other {
            end
        } else if between || i == col && other > col + 1 {
            fill
        } else {
            ' '
        });
    }
    let row: String = row.into_iter().collect();
    format!("{}\n", row.trim_end())
}
