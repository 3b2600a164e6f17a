import { describe, expect, it } from "vitest";
import {
  formatRoute,
  NO_HISTORY_FILTER,
  NO_PEOPLE_FILTER,
  parseRoute,
  peopleRoute,
  type Route,
  Router,
} from "./router.svelte";

/** Wait until the window has told the router about the address (hashchange is async). */
async function settle(router: Router, hash: string) {
  for (let i = 0; i < 50 && formatRoute(router.route) !== hash; i++) {
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe("parseRoute", () => {
  it("knows every screen", () => {
    expect(parseRoute("#/people")).toEqual({ name: "people", filter: NO_PEOPLE_FILTER });
    expect(parseRoute("#/people/new")).toEqual({ name: "add-person" });
    expect(parseRoute("#/import")).toEqual({ name: "import" });
    expect(parseRoute("#/import/platform")).toEqual({ name: "import-platform" });
    expect(parseRoute("#/settings")).toEqual({ name: "settings" });
    expect(parseRoute("#/deleted")).toEqual({ name: "deleted" });
    expect(parseRoute("#/history")).toEqual({ name: "history", filter: NO_HISTORY_FILTER });
  });

  it("opens a person on the details tab unless another is named", () => {
    expect(parseRoute("#/people/5f1a")).toEqual({ name: "person", id: "5f1a", tab: "details" });
    expect(parseRoute("#/people/5f1a/groups")).toEqual({ name: "person", id: "5f1a", tab: "groups" });
    expect(parseRoute("#/people/a%20b/history")).toEqual({ name: "person", id: "a b", tab: "history" });
  });

  it("reads the History filters, dropping what is not valid", () => {
    expect(
      parseRoute(
        "#/history?person=ada&operation=suspend&outcome=failed&since=2025-01-01&until=2025-02-28&page=3",
      ),
    ).toEqual({
      name: "history",
      filter: {
        person: "ada",
        operation: "suspend",
        outcome: "failed",
        since: "2025-01-01",
        until: "2025-02-28",
        page: 3,
      },
    });
    expect(parseRoute("#/history?operation=explode&outcome=maybe&since=yesterday&page=-2")).toEqual({
      name: "history",
      filter: NO_HISTORY_FILTER,
    });
  });

  it("sends anything unknown to People", () => {
    for (const hash of [
      "",
      "#",
      "#/",
      "#/nowhere",
      "#/people/x/payroll",
      "#/people/x/groups/y",
      "#/import/2",
      "#/people/%E0",
      "#/people/new/details",
      "#/deleted/abc",
      "#/import/platforms",
      "#/import/platform/d1",
    ]) {
      expect(parseRoute(hash), hash).toEqual({ name: "people", filter: NO_PEOPLE_FILTER });
    }
  });
});

describe("importing from a platform", () => {
  it("preselects the directory the address names", () => {
    expect(parseRoute("#/import/platform?directory=5f1a")).toEqual({
      name: "import-platform",
      directory: "5f1a",
    });
    expect(parseRoute("#/import/platform?directory=a%20b%26c")).toEqual({
      name: "import-platform",
      directory: "a b&c",
    });
  });

  it("ignores an empty directory and anything else in the address", () => {
    expect(parseRoute("#/import/platform?directory=")).toEqual({ name: "import-platform" });
    expect(parseRoute("#/import/platform?directory=%20%20")).toEqual({ name: "import-platform" });
    expect(parseRoute("#/import/platform?search=ada")).toEqual({ name: "import-platform" });
  });

  it("writes the directory only when one is chosen, and reads back the same", () => {
    expect(formatRoute({ name: "import-platform" })).toBe("#/import/platform");
    expect(formatRoute({ name: "import-platform", directory: "5f1a" })).toBe(
      "#/import/platform?directory=5f1a",
    );
    expect(formatRoute({ name: "import-platform", directory: "" })).toBe("#/import/platform");
    const routes: Route[] = [
      { name: "import-platform" },
      { name: "import-platform", directory: "5f1a" },
      { name: "import-platform", directory: "a/b c&d?#" },
    ];
    for (const route of routes) expect(parseRoute(formatRoute(route))).toEqual(route);
  });
});

describe("the people list's filter in the address", () => {
  it("reads every filter and the order", () => {
    expect(
      parseRoute(
        "#/people?search=ada%20love&state=suspended&department=Research&location=Berlin&directory=d1&group=g2&days=30&sort=job_title&desc=1",
      ),
    ).toEqual({
      name: "people",
      filter: {
        search: "ada love",
        state: "suspended",
        department: "Research",
        location: "Berlin",
        directory: "d1",
        group: "g2",
        createdWithinDays: 30,
        sort: "job_title",
        descending: true,
      },
    });
  });

  it("drops what is not valid, keeping the rest", () => {
    for (const query of [
      "state=gone",
      "days=-3",
      "days=0",
      "days=2.5",
      "days=soon",
      "days=99999999",
      "sort=salary",
      "desc=yes",
      "department=%20%20",
      "group=",
    ]) {
      expect(parseRoute(`#/people?${query}`), query).toEqual({ name: "people", filter: NO_PEOPLE_FILTER });
    }
    expect(parseRoute("#/people?state=staged&sort=salary&days=x")).toEqual(peopleRoute({ state: "staged" }));
  });

  it("writes only what differs from everyone by name, and reads back the same", () => {
    expect(formatRoute(peopleRoute())).toBe("#/people");
    expect(formatRoute(peopleRoute({ search: "ada", descending: true }))).toBe("#/people?search=ada&desc=1");
    expect(formatRoute(peopleRoute({ createdWithinDays: 7, sort: "created" }))).toBe(
      "#/people?days=7&sort=created",
    );
    const routes: Route[] = [
      peopleRoute({ search: "José Núñez & co/?#" }),
      peopleRoute({ state: "staged", department: "R&D", location: "São Paulo" }),
      peopleRoute({
        directory: "5f1a",
        group: "g 1",
        createdWithinDays: 90,
        sort: "email",
        descending: true,
      }),
    ];
    for (const route of routes) expect(parseRoute(formatRoute(route))).toEqual(route);
  });
});

describe("formatRoute", () => {
  it("writes each route the way parseRoute reads it", () => {
    const routes: Route[] = [
      peopleRoute(),
      { name: "add-person" },
      { name: "person", id: "5f1a", tab: "details" },
      { name: "person", id: "a/b c", tab: "directories" },
      { name: "import" },
      { name: "import-platform" },
      { name: "import-platform", directory: "d1" },
      { name: "settings" },
      { name: "deleted" },
      { name: "history", filter: NO_HISTORY_FILTER },
      {
        name: "history",
        filter: { ...NO_HISTORY_FILTER, person: "ada@example.com", outcome: "done", page: 2 },
      },
    ];
    for (const route of routes) expect(parseRoute(formatRoute(route))).toEqual(route);
  });

  it("leaves out what is the default", () => {
    expect(formatRoute({ name: "person", id: "5f1a", tab: "details" })).toBe("#/people/5f1a");
    expect(formatRoute({ name: "history", filter: NO_HISTORY_FILTER })).toBe("#/history");
    expect(formatRoute({ name: "deleted" })).toBe("#/deleted");
    expect(formatRoute({ name: "history", filter: { ...NO_HISTORY_FILTER, operation: "delete" } })).toBe(
      "#/history?operation=delete",
    );
  });
});

describe("Router", () => {
  it("goes to a route, and Back returns to the one before, filters and all", async () => {
    const router = new Router();
    const stop = router.start();
    router.go({ name: "history", filter: { ...NO_HISTORY_FILTER, outcome: "failed" } });
    expect(window.location.hash).toBe("#/history?outcome=failed");
    router.go({ name: "history", filter: { ...NO_HISTORY_FILTER, outcome: "failed", page: 2 } });
    router.go({ name: "settings" });
    expect(router.route).toEqual({ name: "settings" });

    window.history.back();
    await settle(router, "#/history?outcome=failed&page=2");
    expect(router.route).toEqual({
      name: "history",
      filter: { ...NO_HISTORY_FILTER, outcome: "failed", page: 2 },
    });

    window.history.back();
    await settle(router, "#/history?outcome=failed");
    expect(router.route).toEqual({ name: "history", filter: { ...NO_HISTORY_FILTER, outcome: "failed" } });

    window.history.forward();
    await settle(router, "#/history?outcome=failed&page=2");
    expect(formatRoute(router.route)).toBe("#/history?outcome=failed&page=2");
    stop();
  });

  it("follows links and typed addresses", async () => {
    const router = new Router();
    const stop = router.start();
    window.location.hash = "#/people/abc/groups";
    await settle(router, "#/people/abc/groups");
    expect(router.route).toEqual({ name: "person", id: "abc", tab: "groups" });
    stop();
  });

  it("replaces without leaving a step for Back", async () => {
    const router = new Router();
    const stop = router.start();
    router.go({ name: "settings" });
    router.go({ name: "import" });
    router.replace(peopleRoute());
    expect(window.location.hash).toBe("#/people");
    window.history.back();
    await settle(router, "#/settings");
    expect(router.route).toEqual({ name: "settings" });
    stop();
  });
});

describe("the way back to the list", () => {
  it("remembers the people filter last shown", () => {
    const r = new Router();
    r.route = peopleRoute({ search: "ada", state: "staged" });
    r.route = { name: "person", id: "u1", tab: "details" };
    expect(r.lastPeople).toEqual(peopleRoute({ search: "ada", state: "staged" }).filter);
    r.route = peopleRoute();
    expect(r.lastPeople.search).toBe("");
  });
});
