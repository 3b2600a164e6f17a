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
