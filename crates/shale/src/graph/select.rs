//! Selecting revisions by `REV` or `START:END`, as `shale history -r` and `shale lint` take them.

use super::{GraphError, RevisionGraph, Target};
use std::collections::HashSet;

/// The revisions `spec` names, parents before children: every revision for `None`; one
/// revision for `REV` (a revision, unique prefix, `head`, `REV-1`…); for `START:END`, the
/// revisions that descend from START (inclusive) and lead to END (inclusive), either side
/// open when empty (`base:` or `:head` for everything).
pub fn select(graph: &RevisionGraph, spec: Option<&str>) -> Result<Vec<String>, GraphError> {
    let order = graph.topological();
    let Some(spec) = spec.map(str::trim) else {
        return Ok(order.iter().map(|id| id.to_string()).collect());
    };
    let selected: HashSet<String> = match spec.split_once(':') {
        None => graph
            .target_revisions(&spec.parse::<Target>()?)?
            .into_iter()
            .collect(),
        Some((start, end)) => range(graph, start, end)?,
    };
    Ok(order
        .into_iter()
        .filter(|id| selected.contains(*id))
        .map(str::to_string)
        .collect())
}

fn range(graph: &RevisionGraph, start: &str, end: &str) -> Result<HashSet<String>, GraphError> {
    let ends: Vec<String> = match end {
        "" | "heads" => graph.heads().iter().map(|h| h.to_string()).collect(),
        _ => graph.resolve_target(&[], &end.parse::<Target>()?)?,
    };
    let refs: Vec<&str> = ends.iter().map(String::as_str).collect();
    let mut selected: HashSet<String> = graph
        .ancestors_of(&refs)
        .into_iter()
        .map(str::to_string)
        .collect();
    if !start.is_empty() && start != "base" {
        let from = graph.resolve_target(&[], &start.parse::<Target>()?)?;
        let mut below: HashSet<String> = HashSet::new();
        let mut stack = from;
        while let Some(id) = stack.pop() {
            if below.insert(id.clone()) {
                stack.extend(graph.children(&id).into_iter().map(str::to_string));
            }
        }
        selected.retain(|id| below.contains(id));
    }
    Ok(selected)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::Revision;

    fn graph() -> RevisionGraph {
        let rev = |id: &str, parents: &[&str]| Revision {
            id: id.into(),
            parents: parents.iter().map(|p| p.to_string()).collect(),
            message: String::new(),
            path: format!("{id}.sql").into(),
            ..Revision::default()
        };
        RevisionGraph::new(vec![rev("aa", &[]), rev("bb", &["aa"]), rev("cc", &["bb"])]).unwrap()
    }

    #[test]
    fn all_one_and_ranges() {
        let g = graph();
        assert_eq!(select(&g, None).unwrap(), ["aa", "bb", "cc"]);
        assert_eq!(select(&g, Some("b")).unwrap(), ["bb"]);
        assert_eq!(select(&g, Some("head")).unwrap(), ["cc"]);
        assert_eq!(select(&g, Some("bb:")).unwrap(), ["bb", "cc"]);
        assert_eq!(select(&g, Some("base:bb")).unwrap(), ["aa", "bb"]);
        assert!(select(&g, Some("zz")).is_err());
    }
}
