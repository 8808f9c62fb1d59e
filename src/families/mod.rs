//! Benchmark graph families of ESTEE (Beránek et al., "Analysis of workflow
//! schedulers in simulated distributed environments", 2022), generated from
//! their published definitions so schedulers can be compared on the same
//! shapes. Durations are drawn in seconds and sizes in MiB, as ESTEE gives
//! them, and stored as ms and bytes; every draw comes from a splitmix64
//! stream of the seed, so a (family, size, seed) always gives the same graph.
//!
//! Built: every family of ESTEE's benchmark — the elementary family
//! (`elementary`), irw (`irw`: gridcat, crossv, fastcrossv, nestedcrossv,
//! mapreduce) and the pegasus workflows (`pegasus`: montage, cybershake,
//! epigenomics, ligo, sipht). Those with several outputs per task or tasks
//! of several threads are built through `workflow`.

mod draw;
mod elementary;
mod irw;
mod pegasus;
mod workflow;

use crate::graph::Graph;

/// Largest `size` a family takes (a family's task count grows at most
/// like `size²` for grid, `2^size` for splitters and conflux).
pub const MAX_SIZE: u32 = 100_000;
/// Largest depth of the doubling families (splitters, conflux): 2^20 tasks.
pub const MAX_DEPTH: u32 = 20;
/// Largest side of grid: 1,000² tasks.
pub const MAX_GRID: u32 = 1_000;

/// A family: its name, what `size` means, and its generator.
pub struct Family {
    /// The name, as the CLI spells it.
    pub name: &'static str,
    /// What `size` counts.
    pub size_means: &'static str,
    /// Largest size.
    pub max_size: u32,
    generate: fn(u32, &mut draw::Draw) -> Graph,
}

/// Every family, in ESTEE's order.
pub fn families() -> impl Iterator<Item = &'static Family> {
    elementary::FAMILIES
        .iter()
        .chain(irw::FAMILIES)
        .chain(pegasus::FAMILIES)
}

/// A bad family name or size.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct FamilyError {
    /// `family` or `size`.
    pub field: &'static str,
    /// What is wrong and what is allowed.
    pub message: String,
}

/// The graph of family `name` at `size`, drawn from `seed`.
pub fn generate(name: &str, size: u32, seed: u64) -> Result<Graph, FamilyError> {
    let family = families().find(|f| f.name == name).ok_or_else(|| {
        let names: Vec<&str> = families().map(|f| f.name).collect();
        FamilyError {
            field: "family",
            message: format!(
                "unknown family {name:?}; valid families: {}",
                names.join(", ")
            ),
        }
    })?;
    if !(1..=family.max_size).contains(&size) {
        return Err(FamilyError {
            field: "size",
            message: format!(
                "{} takes a size ({}) between 1 and {}, got {size}",
                family.name, family.size_means, family.max_size
            ),
        });
    }
    Ok((family.generate)(size, &mut draw::Draw::new(seed)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_family_builds_a_valid_repeatable_graph() {
        for family in families() {
            let g = generate(family.name, 4, 7).unwrap();
            assert!(!g.is_empty(), "{}", family.name);
            let again = generate(family.name, 4, 7).unwrap();
            assert_eq!(g.to_json(), again.to_json(), "{}", family.name);
            let back = Graph::from_json(&g.to_json()).unwrap();
            assert_eq!(back, g, "{} round-trips through JSON", family.name);
            assert!(g.ids().all(|id| g.duration_ms(id) > 0.0), "{}", family.name);
        }
    }

    #[test]
    fn bad_names_and_sizes_name_the_field() {
        let e = generate("montagne", 4, 0).unwrap_err();
        assert_eq!(e.field, "family");
        assert!(e.message.contains("bigmerge"));
        let e = generate("grid", 0, 0).unwrap_err();
        assert_eq!(e.field, "size");
        let e = generate("splitters", 21, 0).unwrap_err();
        assert_eq!(
            e.to_string(),
            "size: splitters takes a size (depth) between 1 and 20, got 21"
        );
    }
}
