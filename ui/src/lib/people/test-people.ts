// Made-up people and answers for the people screens' tests.

import type { AccountState, PeopleFacets, PeopleFilter, PeoplePage, PersonRow } from "../bindings";

const STATES: AccountState[] = ["active", "staged", "suspended"];

/** The `i`th made-up person (ids and usernames sort in index order). */
export function person(i: number): PersonRow {
  const n = String(i).padStart(5, "0");
  return {
    id: `u${n}`,
    username: `person.${n}`,
    name: `Person ${n}`,
    email: `person.${n}@example.com`,
    department: i % 2 === 0 ? "Sales" : "Research",
    jobTitle: "Accountant",
    location: "Berlin",
    employeeId: `E-${n}`,
    state: STATES[i % 3] ?? "active",
    created: "2025-03-03T10:00:00Z",
  };
}

/** A window of `matching` made-up people, as people_query answers. */
export function pageOf(matching: number, offset: number, limit: number, total = matching): PeoplePage {
  const rows: PersonRow[] = [];
  for (let i = offset; i < Math.min(offset + limit, matching); i++) rows.push(person(i));
  return { total, matching, offset, rows, loadedAt: new Date(Date.now() - 120_000).toISOString() };
}

export const facets: PeopleFacets = {
  departments: [
    { id: "Research", name: "Research", count: 25_000 },
    { id: "Sales", name: "Sales", count: 25_000 },
  ],
  locations: [{ id: "Berlin", name: "Berlin", count: 50_000 }],
  groups: [{ id: "g1", name: "Everyone", count: 50_000 }],
  directories: [
    {
      id: "d1",
      name: "Google Workspace",
      kind: "Google Workspace",
      count: 100,
      bindEffect: "JumpCloud creates their Google account.",
      unbindEffect: "Their Google account is suspended.",
    },
  ],
  staged: 16_667,
  active: 16_667,
  suspended: 16_666,
};

export type PeopleCall = { filter: PeopleFilter; offset: number; limit: number };
