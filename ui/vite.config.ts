import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { svelte } from "@sveltejs/vite-plugin-svelte";
import type { Plugin } from "vite";
import { defineConfig } from "vitest/config";

const DIST = "dist";
const STAGING = ".dist-staging";

// The UI is served by Tauri from ui/dist; `tauri dev` uses the dev server.
export default defineConfig(({ mode }) => ({
  plugins: [svelte(), keepUnchangedFiles(STAGING, DIST)],
  clearScreen: false,
  server: { port: 5173, strictPort: true, host: "127.0.0.1" },
  build: {
    outDir: STAGING,
    emptyOutDir: true,
    target: "safari15",
    // No inline scripts or styles: the CSP allows only 'self'.
    assetsInlineLimit: 0,
  },
  // Component tests mount Svelte's browser build in jsdom.
  resolve: mode === "test" ? { conditions: ["browser"] } : undefined,
  test: {
    environment: "jsdom",
    include: ["src/**/*.test.ts"],
    setupFiles: ["src/test-setup.ts"],
    // An axe check of a whole screen takes a second or more in jsdom, longer on a busy machine.
    testTimeout: 15_000,
    // The theme test reads app.css's palettes (`app.css?raw`); other CSS stays out of the tests.
    css: { include: [/app\.css/] },
  },
}));

// Vite writes a build to a staging folder; this plugin then brings ui/dist to the same files,
// writing only those whose bytes changed and removing those no longer built. The app embeds
// ui/dist, and cargo recompiles it when a file there is newer than the last build: an
// unchanged UI must leave the files (and their times) alone, or every build of the UI would
// cost a Rust rebuild of the app, debug and release.
function keepUnchangedFiles(staging: string, dist: string): Plugin {
  let written = false;
  return {
    name: "roster:keep-unchanged-files",
    apply: "build",
    buildStart() {
      written = false;
    },
    writeBundle() {
      written = true;
    },
    closeBundle() {
      if (!written) return; // a failed build leaves ui/dist as it was
      const built = new Set(files(staging));
      for (const path of built) {
        const bytes = readFileSync(join(staging, path));
        const target = join(dist, path);
        if (sameBytes(target, bytes)) continue;
        mkdirSync(dirname(target), { recursive: true });
        writeFileSync(target, bytes);
      }
      for (const path of files(dist)) {
        if (!built.has(path)) rmSync(join(dist, path));
      }
      rmSync(staging, { recursive: true, force: true });
    },
  };
}

/** The files under `root`, as paths relative to it; none when it does not exist. */
function files(root: string, prefix = ""): string[] {
  let names: string[];
  try {
    names = readdirSync(join(root, prefix));
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    const path = prefix ? join(prefix, name) : name;
    return statSync(join(root, path)).isDirectory() ? files(root, path) : [path];
  });
}

function sameBytes(path: string, bytes: Buffer): boolean {
  try {
    return readFileSync(path).equals(bytes);
  } catch {
    return false;
  }
}
