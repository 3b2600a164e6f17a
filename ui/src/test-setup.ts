import { clearMocks } from "@tauri-apps/api/mocks";
import { cleanup } from "@testing-library/svelte";
import { afterEach } from "vitest";
import { updates } from "./lib/help/updates.svelte";
import { router } from "./lib/router.svelte";
import { session } from "./lib/session.svelte";

afterEach(() => {
  cleanup();
  clearMocks();
  // Every test starts as a fresh window: nothing open, at the start address.
  session.reset();
  updates.reset();
  window.history.replaceState(null, "", "/");
  router.sync();
});
