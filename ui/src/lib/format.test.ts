import { describe, expect, it } from "vitest";
import { countText, rangeText, stateHint, stateLabel, whenText } from "./format";

describe("rangeText", () => {
  it("shows the shown range and the total", () => {
    expect(rangeText(0, 40, 40)).toBe("1–40 of 40");
    expect(rangeText(100, 100, 250)).toBe("101–200 of 250");
  });
  it("says no users for an empty list", () => {
    expect(rangeText(0, 0, 0)).toBe("No users");
  });
});

describe("state words", () => {
  it("tells that suspended people are still billed", () => {
    expect(stateLabel.suspended).toBe("Suspended");
    expect(stateHint.suspended).toContain("still bills");
  });
});

describe("countText", () => {
  it("says one or many, with thousands separated", () => {
    expect(countText(1, "entry", "entries")).toBe("1 entry");
    expect(countText(0, "entry", "entries")).toBe("0 entries");
    expect(countText(1234, "entry", "entries")).toBe("1,234 entries");
  });
});

describe("whenText", () => {
  const now = new Date(2025, 11, 3, 12, 0);
  it("says the day and time in this computer's time zone", () => {
    expect(whenText(new Date(2025, 11, 1, 9, 14).toISOString(), now)).toBe("1 Dec at 09:14");
    expect(whenText(new Date(2025, 0, 31, 23, 5).toISOString(), now)).toBe("31 Jan at 23:05");
  });
  it("adds the year when it is not this year", () => {
    expect(whenText(new Date(2024, 6, 4, 8, 0).toISOString(), now)).toBe("4 Jul 2024 at 08:00");
  });
  it("leaves text that is not a time as it is", () => {
    expect(whenText("soon", now)).toBe("soon");
  });
});
