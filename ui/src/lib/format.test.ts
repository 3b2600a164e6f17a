import { describe, expect, it } from "vitest";
import { rangeText, stateHint, stateLabel } from "./format";

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
