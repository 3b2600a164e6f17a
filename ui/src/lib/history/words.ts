import type { HistoryOperation, HistoryOutcome, HistoryQuery_Serialize } from "../bindings";
import { countText, numberText } from "../format";
import type { HistoryFilter } from "../router.svelte";

export const PAGE_SIZE = 100;

export const operationWords: Record<HistoryOperation, string> = {
  create: "Added a person",
  update: "Changed details",
  bind: "Gave access to a directory",
  unbind: "Took away access to a directory",
  add_to_group: "Added to a group",
  remove_from_group: "Removed from a group",
  suspend: "Suspended",
  reactivate: "Reactivated",
  delete: "Deleted",
  schedule: "Scheduled a change",
  cancel_schedule: "Cancelled a scheduled change",
};

export const outcomeWords: Record<HistoryOutcome, string> = { done: "Done", failed: "Failed" };

/** What to ask Roster for: the filters, and which entries of the matching ones. */
export function historyQuery(filter: HistoryFilter, offset: number, limit: number): HistoryQuery_Serialize {
  return {
    person: filter.person.trim() || null,
    operation: filter.operation,
    outcome: filter.outcome,
    since: filter.since || null,
    until: filter.until || null,
    offset,
    limit,
  };
}

export function isFiltered(filter: HistoryFilter): boolean {
  return Boolean(filter.person || filter.operation || filter.outcome || filter.since || filter.until);
}

/** "37 entries", or with pages "201–300 of 1,234 entries". */
export function entriesText(offset: number, shown: number, total: number): string {
  if (total <= PAGE_SIZE || shown === 0) return countText(total, "entry", "entries");
  return `${numberText(offset + 1)}–${numberText(offset + shown)} of ${countText(total, "entry", "entries")}`;
}
