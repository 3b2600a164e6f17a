import { describe, expect, it } from "vitest";
import { type Licences, licenceList } from "./licences";
import file from "./licences.json";

const licences = file as Licences;

describe("licences.json", () => {
  it("lists the Rust crates and the npm packages Roster ships, each with its licence", () => {
    expect(licences.crates.length).toBeGreaterThan(100);
    const npm = licences.npm.map((p) => p.name);
    // The UI's dependency, and Svelte's runtime (compiled into the bundle).
    expect(npm).toContain("@tauri-apps/api");
    expect(npm).toContain("svelte");
    // Build tools are not shipped.
    expect(npm).not.toContain("vite");
    expect(npm).not.toContain("vitest");
    for (const p of [...licences.crates, ...licences.npm]) {
      expect(p.name, JSON.stringify(p)).toMatch(/\S/);
      expect(p.version, p.name).toMatch(/^\d+\.\d+/);
      expect(p.license, p.name).toMatch(/\S/);
    }
    // Roster's own crates are not third-party.
    expect(licences.crates.map((c) => c.name)).not.toContain("roster");
    expect(licences.crates.map((c) => c.name)).not.toContain("roster-engine");
  });

  it("is sorted, with each package once", () => {
    for (const list of [licences.crates, licences.npm]) {
      const keys = list.map((p) => `${p.name}@${p.version}`);
      expect(new Set(keys).size).toBe(keys.length);
      const names = list.map((p) => p.name);
      expect(names).toEqual([...names].sort());
    }
  });
});

describe("licenceList", () => {
  it("puts both lists together by name, whatever its case", () => {
    const list = licenceList({
      crates: [
        { name: "Inflector", version: "0.11.4", license: "BSD-2-Clause", repository: null },
        { name: "syn", version: "2.0.10", license: "MIT OR Apache-2.0", repository: null },
        { name: "syn", version: "2.0.9", license: "MIT OR Apache-2.0", repository: null },
      ],
      npm: [{ name: "clsx", version: "2.1.1", license: "MIT", repository: null }],
    });
    expect(list.map((p) => `${p.kind}:${p.name}@${p.version}`)).toEqual([
      "npm:clsx@2.1.1",
      "rust:Inflector@0.11.4",
      "rust:syn@2.0.9",
      "rust:syn@2.0.10",
    ]);
  });
});
