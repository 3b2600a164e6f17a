import type { AccountState } from "./bindings";

export const stateLabel: Record<AccountState, string> = {
  active: "Active",
  staged: "Not yet activated",
  suspended: "Suspended",
};

export const stateHint: Record<AccountState, string> = {
  active: "Can sign in.",
  staged: "Created, but cannot sign in until activated.",
  suspended: "Cannot sign in. Their data is kept, and JumpCloud still bills for them.",
};

/** "1–40 of 40", with an en dash, or "No users" for an empty list. */
export function rangeText(skip: number, shown: number, total: number): string {
  if (total === 0 || shown === 0) return "No users";
  return `${skip + 1}–${skip + shown} of ${total}`;
}

/** A number as people write it: 1,234. */
export function numberText(n: number): string {
  return n.toLocaleString("en-US");
}

/** "1 entry", "2 entries", "1,234 entries". */
export function countText(n: number, one: string, many: string): string {
  return `${numberText(n)} ${n === 1 ? one : many}`;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/**
 * A moment in this computer's time zone, as people say it: "1 Dec at 09:14",
 * with the year when it is not this year ("1 Dec 2024 at 09:14"). Text that is
 * not a time comes back as it is.
 */
export function whenText(iso: string, now: Date = new Date()): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  const year = at.getFullYear() === now.getFullYear() ? "" : ` ${at.getFullYear()}`;
  const time = `${String(at.getHours()).padStart(2, "0")}:${String(at.getMinutes()).padStart(2, "0")}`;
  return `${at.getDate()} ${MONTHS[at.getMonth()]}${year} at ${time}`;
}
