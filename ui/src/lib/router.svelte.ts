// Which screen the window shows, kept in the address's hash (#/people,
// #/history?outcome=failed, …) so Back and Forward work like in a browser.

import type {
  AccountState,
  HistoryOperation,
  HistoryOutcome,
  PeopleFilter_Serialize,
  PeopleSort,
} from "./bindings";

export const PERSON_TABS = ["details", "directories", "groups", "history"] as const;
export type PersonTab = (typeof PERSON_TABS)[number];

export const HISTORY_OPERATIONS: readonly HistoryOperation[] = [
  "create",
  "update",
  "bind",
  "unbind",
  "add_to_group",
  "remove_from_group",
  "suspend",
  "reactivate",
  "delete",
  "schedule",
  "cancel_schedule",
];
export const HISTORY_OUTCOMES: readonly HistoryOutcome[] = ["done", "failed"];

/** The History screen's filters; empty text means "any". Pages count from 1. */
export type HistoryFilter = {
  person: string;
  operation: HistoryOperation | null;
  outcome: HistoryOutcome | null;
  since: string;
  until: string;
  page: number;
};

export const NO_HISTORY_FILTER: HistoryFilter = {
  person: "",
  operation: null,
  outcome: null,
  since: "",
  until: "",
  page: 1,
};

/** The people list's search, filters and order, as Roster's people commands take them. */
export type PeopleFilter = PeopleFilter_Serialize;

export const PEOPLE_SORTS: readonly PeopleSort[] = [
  "name",
  "username",
  "email",
  "department",
  "job_title",
  "location",
  "state",
  "created",
];
export const ACCOUNT_STATES: readonly AccountState[] = ["active", "staged", "suspended"];
/** The longest "created in the last N days" the address may ask for (100 years). */
export const MAX_DAYS = 36500;

export const NO_PEOPLE_FILTER: PeopleFilter = {
  search: "",
  state: null,
  department: null,
  location: null,
  directory: null,
  group: null,
  createdWithinDays: null,
  sort: "name",
  descending: false,
};

export type Route =
  | { name: "people"; filter: PeopleFilter }
  | { name: "add-person" }
  | { name: "person"; id: string; tab: PersonTab }
  | { name: "import" }
  /** Import people from Google Workspace or Microsoft 365, this directory chosen if named. */
  | { name: "import-platform"; directory?: string }
  | { name: "history"; filter: HistoryFilter }
  | { name: "deleted" }
  | { name: "settings" };

const PEOPLE: Route = { name: "people", filter: NO_PEOPLE_FILTER };

/** The people list, with these filters (none: everyone, by name). */
export function peopleRoute(filter: Partial<PeopleFilter> = {}): Extract<Route, { name: "people" }> {
  return { name: "people", filter: { ...NO_PEOPLE_FILTER, ...filter } };
}
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function isTab(text: string): text is PersonTab {
  return (PERSON_TABS as readonly string[]).includes(text);
}

function oneOf<T extends string>(choices: readonly T[], text: string | null): T | null {
  return choices.find((c) => c === text) ?? null;
}

function decode(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

function parseHistoryFilter(params: URLSearchParams): HistoryFilter {
  const since = params.get("since") ?? "";
  const until = params.get("until") ?? "";
  const page = Number(params.get("page") ?? "1");
  return {
    person: (params.get("person") ?? "").trim(),
    operation: oneOf(HISTORY_OPERATIONS, params.get("operation")),
    outcome: oneOf(HISTORY_OUTCOMES, params.get("outcome")),
    since: DATE.test(since) ? since : "",
    until: DATE.test(until) ? until : "",
    page: Number.isInteger(page) && page > 0 ? page : 1,
  };
}

function parsePeopleFilter(params: URLSearchParams): PeopleFilter {
  const text = (key: string) => {
    const value = (params.get(key) ?? "").trim();
    return value === "" ? null : value;
  };
  const days = Number(params.get("days") ?? "");
  return {
    search: params.get("search") ?? "",
    state: oneOf(ACCOUNT_STATES, params.get("state")),
    department: text("department"),
    location: text("location"),
    directory: text("directory"),
    group: text("group"),
    createdWithinDays: Number.isInteger(days) && days > 0 && days <= MAX_DAYS ? days : null,
    sort: oneOf(PEOPLE_SORTS, params.get("sort")) ?? "name",
    descending: params.get("desc") === "1",
  };
}

function formatPeopleFilter(f: PeopleFilter): string {
  const params = new URLSearchParams();
  if (f.search) params.set("search", f.search);
  if (f.state) params.set("state", f.state);
  if (f.department) params.set("department", f.department);
  if (f.location) params.set("location", f.location);
  if (f.directory) params.set("directory", f.directory);
  if (f.group) params.set("group", f.group);
  if (f.createdWithinDays) params.set("days", String(f.createdWithinDays));
  if (f.sort !== "name") params.set("sort", f.sort);
  if (f.descending) params.set("desc", "1");
  const query = params.toString();
  return query ? `?${query}` : "";
}

/** The route a hash names; anything Roster does not know goes to People. */
export function parseRoute(hash: string): Route {
  const text = hash.replace(/^#/, "");
  const cut = text.indexOf("?");
  const path = cut === -1 ? text : text.slice(0, cut);
  const query = cut === -1 ? "" : text.slice(cut + 1);
  const segments = path.split("/").filter((s) => s !== "");
  const [first, second, third, ...rest] = segments;
  if (rest.length > 0) return PEOPLE;
  switch (first) {
    case "people": {
      if (second === undefined)
        return { name: "people", filter: parsePeopleFilter(new URLSearchParams(query)) };
      if (second === "new") return third === undefined ? { name: "add-person" } : PEOPLE;
      const id = decode(second);
      const tab = third ?? "details";
      if (!id || !isTab(tab)) return PEOPLE;
      return { name: "person", id, tab };
    }
    case "import": {
      if (second === undefined) return { name: "import" };
      if (second !== "platform" || third !== undefined) return PEOPLE;
      const directory = (new URLSearchParams(query).get("directory") ?? "").trim();
      return directory === "" ? { name: "import-platform" } : { name: "import-platform", directory };
    }
    case "history":
      return second === undefined
        ? { name: "history", filter: parseHistoryFilter(new URLSearchParams(query)) }
        : PEOPLE;
    case "settings":
      return second === undefined ? { name: "settings" } : PEOPLE;
    case "deleted":
      return second === undefined ? { name: "deleted" } : PEOPLE;
    default:
      return PEOPLE;
  }
}

/** The hash for a route; the same route always gives the same text. */
export function formatRoute(route: Route): string {
  switch (route.name) {
    case "people":
      return `#/people${formatPeopleFilter(route.filter)}`;
    case "add-person":
      return "#/people/new";
    case "person": {
      const id = encodeURIComponent(route.id);
      return route.tab === "details" ? `#/people/${id}` : `#/people/${id}/${route.tab}`;
    }
    case "import":
      return "#/import";
    case "import-platform": {
      if (!route.directory) return "#/import/platform";
      return `#/import/platform?${new URLSearchParams({ directory: route.directory }).toString()}`;
    }
    case "settings":
      return "#/settings";
    case "deleted":
      return "#/deleted";
    case "history": {
      const f = route.filter;
      const params = new URLSearchParams();
      if (f.person) params.set("person", f.person);
      if (f.operation) params.set("operation", f.operation);
      if (f.outcome) params.set("outcome", f.outcome);
      if (f.since) params.set("since", f.since);
      if (f.until) params.set("until", f.until);
      if (f.page > 1) params.set("page", String(f.page));
      const query = params.toString();
      return query ? `#/history?${query}` : "#/history";
    }
  }
}

function currentHash(): string {
  return typeof window === "undefined" ? "" : window.location.hash;
}

export class Router {
  #route = $state<Route>(parseRoute(currentHash()));
  /** The people list's filter as last shown, for a profile's way back to it. */
  lastPeople = $state<PeopleFilter>(NO_PEOPLE_FILTER);

  get route(): Route {
    return this.#route;
  }

  set route(next: Route) {
    this.#route = next;
    if (next.name === "people") this.lastPeople = next.filter;
  }

  /** Follow the address (Back, Forward, links); returns how to stop. */
  start(): () => void {
    const follow = () => this.sync();
    follow();
    window.addEventListener("hashchange", follow);
    return () => window.removeEventListener("hashchange", follow);
  }

  /** Take the route from the address, unless it names the one shown already. */
  sync() {
    const next = parseRoute(currentHash());
    if (formatRoute(next) !== formatRoute(this.route)) this.route = next;
  }

  /** Show a route, as a new step Back returns from. */
  go(route: Route) {
    const hash = formatRoute(route);
    if (formatRoute(this.route) === hash && window.location.hash === hash) return;
    this.route = parseRoute(hash);
    window.location.hash = hash;
  }

  /** Show a route in place of the current one (Back skips it). */
  replace(route: Route) {
    const hash = formatRoute(route);
    this.route = parseRoute(hash);
    window.history.replaceState(window.history.state, "", hash);
  }
}

export const router = new Router();
