//! Mermaid and Graphviz DOT: edges from each parent to the revisions that revise it, so
//! base is at the top and heads at the bottom.

use super::Picture;

/// A Mermaid flowchart (paste it into Markdown on GitHub, GitLab, mdBook …).
pub fn mermaid(picture: &Picture) -> String {
    let mut out = String::from("flowchart TD\n");
    for node in &picture.nodes {
        let label = format!("{}{}<br/>{}", node.revision, node.tags(), node.message);
        out.push_str(&format!(
            "    r{}[\"{}\"]",
            node.revision,
            mermaid_escape(&label)
        ));
        let class = if node.current == Some(true) {
            Some("current")
        } else if node.head {
            Some("head")
        } else if node.branchpoint || node.mergepoint {
            Some("joint")
        } else {
            None
        };
        if let Some(class) = class {
            out.push_str(&format!(":::{class}"));
        }
        out.push('\n');
    }
    for edge in &picture.edges {
        let arrow = if edge.dependency { "-.->" } else { "-->" };
        out.push_str(&format!("    r{} {arrow} r{}\n", edge.from, edge.to));
    }
    out.push_str("    classDef head stroke-width:3px\n");
    out.push_str("    classDef joint stroke-dasharray:4 2\n");
    out.push_str("    classDef current fill:#d4f4d4,stroke-width:3px\n");
    out
}

/// Characters that would end or break a quoted Mermaid label, as entity codes.
fn mermaid_escape(text: &str) -> String {
    text.replace('"', "#quot;")
        .replace('<', "#lt;")
        .replace('>', "#gt;")
        .replace("#lt;br/#gt;", "<br/>")
}

/// A Graphviz digraph (`shale graph --format dot | dot -Tsvg > graph.svg`).
pub fn dot(picture: &Picture) -> String {
    let mut out = String::from("digraph shale {\n    node [shape=box, fontname=\"monospace\"];\n");
    for node in &picture.nodes {
        let label = format!(
            "{}{}\\n{}",
            node.revision,
            node.tags(),
            dot_escape(&node.message)
        );
        let mut attrs = vec![format!("label=\"{label}\"")];
        if node.head {
            attrs.push("peripheries=2".to_string());
        }
        if node.branchpoint || node.mergepoint {
            attrs.push("shape=box3d".to_string());
        }
        if node.current == Some(true) {
            attrs.push("style=filled, fillcolor=\"#d4f4d4\"".to_string());
        }
        out.push_str(&format!(
            "    \"{}\" [{}];\n",
            node.revision,
            attrs.join(", ")
        ));
    }
    for edge in &picture.edges {
        let style = if edge.dependency {
            " [style=dashed]"
        } else {
            ""
        };
        out.push_str(&format!(
            "    \"{}\" -> \"{}\"{style};\n",
            edge.from, edge.to
        ));
    }
    out.push_str("}\n");
    out
}

/// A DOT string's `"` and `\` escaped.
fn dot_escape(text: &str) -> String {
    text.replace('\\', "\\\\").replace('"', "\\\"")
}
