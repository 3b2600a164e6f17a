import { describe, expect, it } from "vitest";
import { rangeText, sizeText, stateHint, stateLabel } from "./format";

describe("rangeText", () => {
  it("shows the shown range and the total", () => {
    expect(rangeText(0, 40, 40)).toBe("1–40 of 40");
    expect(rangeText(100, 100, 250)).toBe("101–200 of 250");
  });
  it("says no users for an empty list", () => {
    expect(rangeText(0, 0, 0)).toBe("No users");
  });
});

describe("sizeText", () => {
  it("uses the unit people read", () => {
    expect(sizeText(900)).toBe("900 bytes");
    expect(sizeText(12 * 1024)).toBe("12 KB");
    expect(sizeText(3.4 * 1024 * 1024)).toBe("3.4 MB");
  });
});

describe("state words", () => {
  it("tells that suspended people are still billed", () => {
    expect(stateLabel.suspended).toBe("Suspended");
    expect(stateHint.suspended).toContain("still bills");
  });
});
