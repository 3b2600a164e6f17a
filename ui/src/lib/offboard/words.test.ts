import { describe, expect, it } from "vitest";
import { isBilling, localValue, outcomeCountsText, utcFromLocal, whoText } from "./words";

describe("offboarding words", () => {
  it("says only what happened, in words", () => {
    expect(
      outcomeCountsText([
        { outcome: "suspended", count: 3 },
        { outcome: "skipped", count: 1 },
        { outcome: "failed", count: 0 },
      ]),
    ).toBe("3 suspended, 1 not changed");
    expect(outcomeCountsText([{ outcome: "deleted", count: 1200 }])).toBe("1,200 deleted");
    expect(outcomeCountsText([])).toBe("Nothing was changed.");
  });

  it("sends this computer's time in UTC, and nothing that is not a time", () => {
    const local = "2030-06-01T09:30";
    expect(utcFromLocal(local)).toBe(new Date(local).toISOString().replace(".000Z", "Z"));
    expect(utcFromLocal(local)).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    for (const wrong of ["", "tomorrow", "2030-06-01", "2030-13-45T99:99"])
      expect(utcFromLocal(wrong), wrong).toBeNull();
    expect(localValue(new Date(2030, 5, 1, 9, 5))).toBe("2030-06-01T09:05");
  });

  it("names people and spots the sentence about money", () => {
    expect(whoText({ name: "Ada Lovelace", username: "ada" })).toBe("Ada Lovelace (ada)");
    expect(whoText({ name: "", username: "ada" })).toBe("ada");
    expect(isBilling("Suspended people are still billed as active users.")).toBe(true);
    expect(isBilling("Their data is kept.")).toBe(false);
  });
});
