// The open-source packages in licences.json (written by scripts/licences.mjs), as About lists them.

export type LicenceEntry = { name: string; version: string; license: string; repository: string | null };

/** licences.json: the Rust crates built into Roster, and the npm packages its window is made with. */
export type Licences = { crates: LicenceEntry[]; npm: LicenceEntry[] };

export type Licence = LicenceEntry & { kind: "rust" | "npm" };

/** Both lists as one, by name (whatever its case), then version. */
export function licenceList(file: Licences): Licence[] {
  const all: Licence[] = [
    ...file.crates.map((p) => ({ ...p, kind: "rust" as const })),
    ...file.npm.map((p) => ({ ...p, kind: "npm" as const })),
  ];
  return all.sort(
    (a, b) =>
      a.name.toLowerCase().localeCompare(b.name.toLowerCase(), "en") ||
      a.version.localeCompare(b.version, "en", { numeric: true }),
  );
}
