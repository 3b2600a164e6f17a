#!/usr/bin/env node
// Writes the updater's latest.json for a release from the installers and their .sig files
// (what the bundler makes with createUpdaterArtifacts): which file each platform installs,
// and its signature. Used by .github/workflows/release.yml:
//   node scripts/updater-manifest.mjs DIST_DIR v1.2.3 https://…/releases/download/v1.2.3 > latest.json
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

// File name endings → the updater's platform keys ({os}-{arch}[-{installer}]). The plain
// key is what an installation without a known installer kind asks for.
const KINDS = [
  { ending: "-setup.exe", keys: ["windows-x86_64", "windows-x86_64-nsis"] },
  { ending: ".msi", keys: ["windows-x86_64-msi"] },
  { ending: ".app.tar.gz", keys: ["darwin-aarch64", "darwin-x86_64", "darwin-aarch64-app", "darwin-x86_64-app"] },
  { ending: ".AppImage", keys: ["linux-x86_64", "linux-x86_64-appimage"] },
  { ending: ".deb", keys: ["linux-x86_64-deb"] },
  { ending: ".rpm", keys: ["linux-x86_64-rpm"] },
];

/**
 * The manifest for `files` (name → contents of its .sig, for the files that have one).
 * Throws when two files claim one platform or nothing is signed.
 */
export function manifest(signatures, version, baseUrl, pubDate) {
  const platforms = {};
  for (const [file, signature] of Object.entries(signatures).sort(([a], [b]) => a.localeCompare(b))) {
    const kind = KINDS.find((k) => file.endsWith(k.ending));
    if (!kind) continue;
    for (const key of kind.keys) {
      if (platforms[key]) throw new Error(`${key}: both ${platforms[key].file} and ${file}`);
      platforms[key] = { file, signature: signature.trim(), url: `${baseUrl}/${encodeURIComponent(file)}` };
    }
  }
  if (Object.keys(platforms).length === 0) throw new Error("no signed installer found");
  const out = {};
  for (const [key, p] of Object.entries(platforms)) out[key] = { signature: p.signature, url: p.url };
  return { version: version.replace(/^v/, ""), notes: `Roster ${version.replace(/^v/, "")}`, pub_date: pubDate, platforms: out };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [dir, version, baseUrl] = process.argv.slice(2);
  if (!dir || !version || !baseUrl) {
    console.error("usage: updater-manifest.mjs DIST_DIR VERSION BASE_URL");
    process.exit(2);
  }
  const signatures = {};
  for (const name of readdirSync(dir)) {
    if (name.endsWith(".sig")) signatures[name.slice(0, -4)] = readFileSync(join(dir, name), "utf8");
  }
  console.log(JSON.stringify(manifest(signatures, version, baseUrl, new Date().toISOString()), null, 2));
}
