import { render, screen } from "@testing-library/svelte";
import { tick } from "svelte";
import { afterEach, describe, expect, it, vi } from "vitest";
import { shownText } from "../test-utils";
import LiveStatus from "./LiveStatus.svelte";

afterEach(() => {
  vi.useRealTimers();
});

describe("LiveStatus", () => {
  it("is a polite live region on the page from the start, and says the words given", async () => {
    const view = render(LiveStatus, { text: "" });
    const region = screen.getByRole("status");
    expect(region.getAttribute("aria-atomic")).toBe("true");
    expect(shownText(region)).toBe("");
    await view.rerender({ text: "Import finished: 2 created." });
    expect(screen.getByRole("status")).toBe(region);
    expect(shownText(region)).toBe("Import finished: 2 created.");
  });

  it("says at most one change in `every` milliseconds, and the latest words when the time is up", async () => {
    vi.useFakeTimers();
    const view = render(LiveStatus, { text: "Starting the import…", every: 5000 });
    await tick();
    const region = screen.getByRole("status");
    expect(shownText(region)).toBe("Starting the import…");
    await view.rerender({ text: "1 done · 0 failed · 9 to go" });
    await view.rerender({ text: "2 done · 0 failed · 8 to go" });
    expect(shownText(region)).toBe("Starting the import…");
    await vi.advanceTimersByTimeAsync(5000);
    expect(shownText(region)).toBe("2 done · 0 failed · 8 to go");
    // Told to say it now (the admin pressed Stop): said straight away.
    await view.rerender({ text: "Stopping after the rows already sent…", every: 0 });
    expect(shownText(region)).toBe("Stopping after the rows already sent…");
  });
});
