// The offboarding flow's words: what each change is called, counts, and times.

import type { OffboardRowView, OutcomeCount } from "../bindings";
import { numberText } from "../format";

export type OffboardKind = "suspend" | "reactivate" | "delete" | "schedule";

/** "1 person", "3 people". */
export function peopleText(n: number): string {
  return `${numberText(n)} ${n === 1 ? "person" : "people"}`;
}

/** Someone's name as the confirmation shows it: "Ada Lovelace (ada)". */
export function whoText(row: Pick<OffboardRowView, "name" | "username">): string {
  if (!row.name) return row.username;
  return row.name === row.username ? row.name : `${row.name} (${row.username})`;
}

const OUTCOME_WORDS: Record<string, string> = {
  suspended: "suspended",
  reactivated: "reactivated",
  activated: "activated",
  deleted: "deleted",
  scheduled: "scheduled",
  skipped: "not changed",
  failed: "failed",
  pending: "not done yet",
  earlier: "done by an earlier run",
};

/** "3 suspended, 1 not changed": only what happened. */
export function outcomeCountsText(counts: OutcomeCount[]): string {
  const said = counts
    .filter((c) => c.count > 0)
    .map((c) => `${numberText(c.count)} ${OUTCOME_WORDS[c.outcome] ?? c.outcome}`);
  return said.length === 0 ? "Nothing was changed." : said.join(", ");
}

/** The outcomes that changed someone (their row in the list is no longer what it was). */
export const CHANGED_OUTCOMES: ReadonlySet<string> = new Set([
  "suspended",
  "reactivated",
  "activated",
  "deleted",
  "scheduled",
]);

/** A consequence about money: shown so that nobody misses it. */
export function isBilling(sentence: string): boolean {
  return /\bbill/i.test(sentence);
}

/** A `datetime-local` value (this computer's time) as RFC 3339 in UTC; null when it is not one. */
export function utcFromLocal(local: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(local)) return null;
  const at = new Date(local);
  if (Number.isNaN(at.getTime())) return null;
  return at.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** A moment as a `datetime-local` value in this computer's time ("2025-06-01T09:00"). */
export function localValue(at: Date): string {
  const two = (n: number) => String(n).padStart(2, "0");
  return `${at.getFullYear()}-${two(at.getMonth() + 1)}-${two(at.getDate())}T${two(at.getHours())}:${two(at.getMinutes())}`;
}

/** This computer's time zone, as the system names it ("Europe/Berlin"). */
export function zoneText(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "this computer's time zone";
  } catch {
    return "this computer's time zone";
  }
}

/** The change, as its button and title say it: "Suspend", "Reactivate", "Activate", "Delete". */
export function verbFor(kind: OffboardKind, scheduleSuspend: boolean, changing: OffboardRowView[]): string {
  switch (kind) {
    case "suspend":
      return "Suspend";
    case "delete":
      return "Delete";
    case "schedule":
      return scheduleSuspend ? "Suspend" : "Activate";
    case "reactivate":
      return changing.length > 0 && changing.every((r) => r.state === "staged") ? "Activate" : "Reactivate";
  }
}
