//! What the engine's benchmarks share.

/// Replace (or add) this benchmark's section in docs/benchmarks.md.
pub fn write_section(section: &str) -> std::io::Result<()> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/benchmarks.md");
    let heading = section.lines().next().unwrap_or_default();
    let current = std::fs::read_to_string(&path).unwrap_or_else(|_| "# Benchmarks\n".to_owned());
    let updated = match current.find(heading) {
        Some(start) => {
            let rest = &current[start + heading.len()..];
            let end = rest
                .find("\n## ")
                .map(|i| start + heading.len() + i + 1)
                .unwrap_or(current.len());
            // One blank line between this section and the next heading, if any.
            let next = current[end..].trim_start();
            let gap = if next.is_empty() { "\n" } else { "\n\n" };
            format!("{}{}{gap}{next}", &current[..start], section.trim_end())
        }
        None => format!(
            "{}\n{}",
            current.trim_end_matches('\n').to_owned() + "\n",
            section
        ),
    };
    std::fs::write(path, updated)
}
