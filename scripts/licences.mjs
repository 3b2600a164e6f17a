#!/usr/bin/env node
// Lists the open-source packages Roster ships, for Help → About Roster:
// ui/src/lib/about/licences.json. No dependencies: node and cargo only.
//
//   node scripts/licences.mjs           write the file
//   node scripts/licences.mjs --check   exit 1 when the committed file is out of date
//
// Rust: `cargo metadata` (it reads Cargo.lock, builds nothing), then the resolve graph from the
// package named `roster` through its normal dependencies (not dev- or build-dependencies) for
// every platform, so the Windows, macOS and Linux builds are all covered. Roster's own crates
// (the workspace's path crates) are not third-party and are left out.
//
// npm: what the built UI ships. Vite bundles the `dependencies` of ui/package.json (and what they
// depend on), plus Svelte's client runtime: Svelte is a devDependency (its compiler runs at build
// time) but the compiled components import its runtime, so that runtime, and the packages the
// runtime itself imports, are in the bundle too. Each is read from its package.json in
// ui/node_modules.
//
// The output is sorted and holds no dates, so it changes only when a package does.

import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const UI = join(ROOT, "ui");
const OUT = join(UI, "src", "lib", "about", "licences.json");
const ROOT_CRATE = "roster";

/** Codepoint order, so the output is the same on every machine whatever its locale. */
function byText(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Versions in numeric order where they are numbers (0.9 before 0.10), else by text. */
function byVersion(a, b) {
  const pa = a.split(/[.+-]/);
  const pb = b.split(/[.+-]/);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? "";
    const y = pb[i] ?? "";
    if (x === y) continue;
    if (/^\d+$/.test(x) && /^\d+$/.test(y)) return Number(x) - Number(y);
    return byText(x, y);
  }
  return 0;
}

function sorted(list) {
  return list.sort((a, b) => byText(a.name, b.name) || byVersion(a.version, b.version));
}

// ---- Rust crates ----

function crates() {
  let text;
  try {
    text = execFileSync("cargo", ["metadata", "--format-version", "1", "--locked", "--offline"], {
      cwd: ROOT,
      encoding: "utf8",
      maxBuffer: 512 * 1024 * 1024,
      stdio: ["ignore", "pipe", "inherit"],
    });
  } catch (error) {
    throw new Error(`cargo metadata failed: ${error.message}`);
  }
  const metadata = JSON.parse(text);
  const packages = new Map(metadata.packages.map((p) => [p.id, p]));
  const nodes = new Map(metadata.resolve.nodes.map((n) => [n.id, n]));
  const root = metadata.packages.find((p) => p.name === ROOT_CRATE && p.source === null);
  if (!root) throw new Error(`cargo metadata lists no package named ${ROOT_CRATE}`);

  const seen = new Set([root.id]);
  const queue = [root.id];
  while (queue.length > 0) {
    const node = nodes.get(queue.shift());
    for (const dep of node?.deps ?? []) {
      // kind null: a normal dependency ("dev" and "build" are not shipped). Any target.
      const normal = dep.dep_kinds.some((k) => k.kind === null);
      if (!normal || seen.has(dep.pkg)) continue;
      seen.add(dep.pkg);
      queue.push(dep.pkg);
    }
  }

  const list = [];
  for (const id of seen) {
    const p = packages.get(id);
    // Roster's own crates (no source: a path in this checkout) are not third-party.
    if (!p || p.source === null) continue;
    list.push({
      name: p.name,
      version: p.version,
      license: p.license ?? (p.license_file ? `See ${p.license_file.split(/[\\/]/).pop()}` : "Unknown"),
      repository: p.repository ?? null,
    });
  }
  return sorted(list);
}

// ---- npm packages ----

function readJson(path) {
  return JSON.parse(readFileSync(path, "utf8"));
}

/** Where `name` is installed for a package in `from` (node's lookup: nearest node_modules up). */
function packageDir(name, from) {
  let dir = from;
  for (;;) {
    const candidate = join(dir, "node_modules", name);
    if (existsSync(join(candidate, "package.json"))) return candidate;
    if (dir === UI || dir === dirname(dir)) break;
    dir = dirname(dir);
  }
  throw new Error(`${name} is not installed in ui/node_modules: run npm ci in ui first`);
}

function repositoryUrl(repository) {
  const raw = typeof repository === "string" ? repository : repository?.url;
  if (!raw) return null;
  let url = raw.replace(/^git\+/, "").replace(/\.git$/, "");
  if (/^github:/.test(url)) url = `https://github.com/${url.slice("github:".length)}`;
  else if (/^[\w.-]+\/[\w.-]+$/.test(url)) url = `https://github.com/${url}`;
  url = url.replace(/^git:\/\//, "https://").replace(/^ssh:\/\/git@/, "https://");
  return url;
}

function licenceOf(pkg) {
  if (typeof pkg.license === "string") return pkg.license;
  if (pkg.license?.type) return pkg.license.type;
  if (Array.isArray(pkg.licenses)) return pkg.licenses.map((l) => l.type ?? l).join(" OR ");
  return "Unknown";
}

/** Every JavaScript file under `dir`, except those of `skip` (folder or file names). */
function jsFiles(dir, skip) {
  const files = [];
  for (const entry of readdirSync(dir)) {
    if (skip(entry)) continue;
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) files.push(...jsFiles(path, skip));
    else if (entry.endsWith(".js")) files.push(path);
  }
  return files;
}

/**
 * The packages Svelte's client runtime imports (clsx, esm-env, ...): the bare imports of its
 * source outside the compiler and the server-side rendering code, that are among its
 * dependencies. Read from the installed Svelte, so a new runtime dependency is not missed.
 */
function svelteRuntimeDeps(dir, pkg) {
  const deps = new Set(Object.keys(pkg.dependencies ?? {}));
  const skip = (entry) => entry === "compiler" || entry === "server" || /server/.test(entry);
  const found = new Set();
  for (const file of jsFiles(join(dir, "src"), skip)) {
    const code = readFileSync(file, "utf8");
    for (const match of code.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]/gm)) {
      const spec = match[1];
      const name = spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : spec.split("/")[0];
      if (deps.has(name)) found.add(name);
    }
  }
  return [...found];
}

function npmPackages() {
  const ui = readJson(join(UI, "package.json"));
  const found = new Map();
  const visit = (name, from, withDeps) => {
    const dir = packageDir(name, from);
    const pkg = readJson(join(dir, "package.json"));
    const key = `${pkg.name}@${pkg.version}`;
    if (found.has(key)) return;
    found.set(key, {
      name: pkg.name,
      version: pkg.version,
      license: licenceOf(pkg),
      repository: repositoryUrl(pkg.repository),
    });
    const next = withDeps === "all" ? Object.keys(pkg.dependencies ?? {}) : svelteRuntimeDeps(dir, pkg);
    for (const dep of next) visit(dep, dir, "all");
  };
  for (const name of Object.keys(ui.dependencies ?? {})) visit(name, UI, "all");
  // A devDependency, but its runtime is compiled into the bundle (see the top of this file).
  visit("svelte", UI, "svelte-runtime");
  return sorted([...found.values()]);
}

// ---- The file ----

function generate() {
  const data = { crates: crates(), npm: npmPackages() };
  return `${JSON.stringify(data, null, 2)}\n`;
}

const check = process.argv.includes("--check");
try {
  const text = generate();
  if (check) {
    const current = existsSync(OUT) ? readFileSync(OUT, "utf8") : "";
    if (current !== text) {
      console.error("licences.json is out of date: run node scripts/licences.mjs");
      process.exit(1);
    }
  } else {
    writeFileSync(OUT, text);
    const data = JSON.parse(text);
    console.log(
      `Wrote ${relative(ROOT, OUT)}: ${data.crates.length} Rust crates, ${data.npm.length} npm packages.`,
    );
  }
} catch (error) {
  console.error(`licences: ${error.message}`);
  process.exit(2);
}
