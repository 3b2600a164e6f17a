//! A deterministic, stable-toolchain stand-in for the cargo-fuzz target `intake_validate`:
//! mutated corpus files and random bytes through intake, mapping and validation. Never a
//! panic; the report always agrees with itself. `ROSTER_FUZZ_ITERATIONS` sets the count
//! (default 20,000; run 300,000+ before a release).

#![allow(clippy::unwrap_used)]

mod common;

use common::Rng;
use roster_import::{check, csv_field, read_table, suggest_mapping};

/// Bytes that matter to a CSV reader.
const INTERESTING: &[&[u8]] = &[
    b"\"",
    b"\"\"",
    b",",
    b";",
    b"\t",
    b"|",
    b"\r",
    b"\n",
    b"\r\n",
    b"\x00",
    b"\xFF\xFE",
    b"\xFE\xFF",
    b"\xEF\xBB\xBF",
    b"\xC3\xA9",
    b"\xE9",
    b"\xC2\xA0",
    b"\xE2\x80\xAF",
    b"=",
    b"@",
    b"+",
    b"-",
    b"1.2E+05",
    b"#N/A",
    b"sep=;\n",
    b"version:v1.0\n",
    b"Group1",
    b"Attribute1_name",
    b"Attribute1_value",
    b"email",
    b"username",
    b"state",
    b"[",
    b"]",
    b"(",
];

fn mutate(rng: &mut Rng, seeds: &[Vec<u8>], input: &mut Vec<u8>) {
    for _ in 0..=rng.below(4) {
        let len = input.len();
        match rng.below(7) {
            0 if len > 0 => {
                let i = rng.below(len);
                input[i] ^= 1 << rng.below(8);
            }
            1 => {
                let piece = INTERESTING[rng.below(INTERESTING.len())];
                let at = rng.below(len + 1);
                input.splice(at..at, piece.iter().copied());
            }
            2 if len > 0 => {
                let start = rng.below(len);
                let end = (start + rng.below(16)).min(len);
                input.drain(start..end);
            }
            3 if len > 0 => {
                let start = rng.below(len);
                let end = (start + rng.below(64)).min(len);
                let chunk = input[start..end].to_vec();
                let at = rng.below(len + 1);
                input.splice(at..at, chunk);
            }
            4 => {
                let other = &seeds[rng.below(seeds.len())];
                let from = rng.below(other.len() + 1);
                let to = rng.below(input.len() + 1);
                input.truncate(to);
                input.extend_from_slice(&other[from..]);
            }
            5 => input.truncate(rng.below(len + 1)),
            _ => {
                let at = rng.below(len + 1);
                let byte = (rng.next() & 0xFF) as u8;
                input.insert(at, byte);
            }
        }
    }
}

/// The fuzz target's body.
fn run_one(data: &[u8]) {
    let Ok(table) = read_table(data) else {
        return;
    };
    let _ = table.description();
    let mapping = suggest_mapping(&table);
    let report = check(&table, &mapping);
    let s = report.summary;
    assert_eq!(s.rows, report.rows.len());
    assert_eq!(s.rows, s.ready + s.warning + s.error + s.skipped);
    assert_eq!(report.columns.len(), table.headers.len());
    let mut previous = table.header_line;
    for row in &report.rows {
        assert!(row.line > previous, "lines must increase: {data:?}");
        previous = row.line;
    }
    serde_json::to_vec(&report).unwrap();
    for header in &table.headers {
        let _ = csv_field(header);
    }
}

#[test]
fn mutated_inputs_never_panic() {
    let iterations: usize = std::env::var("ROSTER_FUZZ_ITERATIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20_000);
    let seeds: Vec<Vec<u8>> = common::corpus()
        .into_iter()
        .chain(common::unreadable())
        .map(|(_, bytes)| bytes)
        .chain([roster_import::template_csv().into_bytes()])
        .collect();
    let mut rng = Rng(0x005E_ED0F_2026);
    for i in 0..iterations {
        let mut input = if i % 10 == 0 {
            (0..rng.below(64))
                .map(|_| (rng.next() & 0xFF) as u8)
                .collect()
        } else {
            seeds[rng.below(seeds.len())].clone()
        };
        mutate(&mut rng, &seeds, &mut input);
        run_one(&input);
    }
}
