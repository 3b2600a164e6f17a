import { svelte } from "@sveltejs/vite-plugin-svelte";
import { defineConfig } from "vitest/config";

// The UI is served by Tauri from ui/dist; `tauri dev` uses the dev server.
export default defineConfig(({ mode }) => ({
  plugins: [svelte()],
  clearScreen: false,
  server: { port: 5173, strictPort: true, host: "127.0.0.1" },
  build: {
    outDir: "dist",
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
