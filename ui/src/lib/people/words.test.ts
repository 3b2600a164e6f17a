import { describe, expect, it } from "vitest";
import { NO_PEOPLE_FILTER } from "../router.svelte";
import { agoText, countsText, isFiltered, withoutFilters } from "./words";

describe("people words", () => {
  it("counts with thousands separators", () => {
    expect(countsText(312, 48_920)).toBe("312 of 48,920 people");
    expect(countsText(1, 1)).toBe("1 of 1 person");
    expect(countsText(0, 0)).toBe("0 of 0 people");
  });

  it("says how long ago the organization was read", () => {
    const now = new Date("2025-06-01T12:00:00Z");
    expect(agoText("2025-06-01T11:59:30Z", now)).toBe("just now");
    expect(agoText("2025-06-01T11:59:00Z", now)).toBe("1 minute ago");
    expect(agoText("2025-06-01T11:58:00Z", now)).toBe("2 minutes ago");
    expect(agoText("2025-06-01T09:00:00Z", now)).toBe("3 hours ago");
    expect(agoText("2025-05-30T12:00:00Z", now)).toBe("2 days ago");
    expect(agoText("not a time", now)).toBe("");
  });

  it("knows a filter from an order", () => {
    expect(isFiltered(NO_PEOPLE_FILTER)).toBe(false);
    expect(isFiltered({ ...NO_PEOPLE_FILTER, sort: "email", descending: true })).toBe(false);
    expect(isFiltered({ ...NO_PEOPLE_FILTER, search: "  " })).toBe(false);
    expect(isFiltered({ ...NO_PEOPLE_FILTER, group: "g1" })).toBe(true);
    expect(withoutFilters({ ...NO_PEOPLE_FILTER, state: "active", sort: "email" })).toEqual({
      ...NO_PEOPLE_FILTER,
      sort: "email",
    });
  });
});
