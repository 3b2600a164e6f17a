import type { PeopleSort } from "../bindings";
import { numberText } from "../format";
import { NO_PEOPLE_FILTER, type PeopleFilter } from "../router.svelte";

/** The list's columns, left to right, with what each sorts by. */
export const COLUMNS: readonly { sort: PeopleSort; label: string }[] = [
  { sort: "name", label: "Name" },
  { sort: "username", label: "Username" },
  { sort: "email", label: "Email" },
  { sort: "department", label: "Department" },
  { sort: "job_title", label: "Job title" },
  { sort: "location", label: "Location" },
  { sort: "state", label: "State" },
  { sort: "created", label: "Created" },
];

/** The "created in the last N days" choices. */
export const DAY_CHOICES: readonly number[] = [7, 30, 90, 365];

/** "312 of 48,920 people", "1 of 1 person". */
export function countsText(matching: number, total: number): string {
  return `${numberText(matching)} of ${numberText(total)} ${total === 1 ? "person" : "people"}`;
}

/** Whether anything narrows the list (the order does not). */
export function isFiltered(f: PeopleFilter): boolean {
  return Boolean(
    f.search.trim() || f.state || f.department || f.location || f.directory || f.group || f.createdWithinDays,
  );
}

/** The filter without its search and filters, keeping the order. */
export function withoutFilters(f: PeopleFilter): PeopleFilter {
  return { ...NO_PEOPLE_FILTER, sort: f.sort, descending: f.descending };
}

/** "just now", "1 minute ago", "2 hours ago", "3 days ago". */
export function agoText(iso: string, now: Date = new Date()): string {
  const at = new Date(iso).getTime();
  if (Number.isNaN(at)) return "";
  const minutes = Math.floor((now.getTime() - at) / 60_000);
  if (minutes < 1) return "just now";
  const say = (n: number, unit: string) => `${numberText(n)} ${unit}${n === 1 ? "" : "s"} ago`;
  if (minutes < 60) return say(minutes, "minute");
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return say(hours, "hour");
  return say(Math.floor(hours / 24), "day");
}

/** A creation date as people write it: "3 Mar 2025"; empty when JumpCloud did not say. */
export function dateText(iso: string | null | undefined): string {
  if (!iso) return "";
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return "";
  return at.toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric" });
}

/** A directory's name, with its kind when the name does not say it ("Staff (Google Workspace)"). */
export function directoryText(d: { name: string; kind: string }): string {
  return d.name === d.kind || d.name.includes(d.kind) ? d.name : `${d.name} (${d.kind})`;
}
