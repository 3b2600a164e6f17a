// Words and choices of the "Import from Google Workspace or Microsoft 365" screen.

import type { PickCountsView, PlatformDirectoryView } from "../bindings";
import { numberText } from "../format";

/** "Google Workspace — Contractors", or just "Google Workspace" when that is its name too. */
export function directoryLabel(d: PlatformDirectoryView): string {
  const name = d.name.trim();
  return name === "" || name === d.platformLabel ? d.platformLabel : `${d.platformLabel} — ${name}`;
}

/** "12 new · 3 already in JumpCloud, not bound here · 40 already bound here". */
export function standingCountsText(c: PickCountsView): string {
  return [
    `${numberText(c.new)} new`,
    `${numberText(c.notBound)} already in JumpCloud, not bound here`,
    `${numberText(c.bound)} already bound here`,
  ].join(" · ");
}

/** Everyone picked, whatever their standing. */
export function pickedCount(c: PickCountsView): number {
  return c.newPicked + c.notBoundPicked + c.boundPicked;
}

/** The list's "Show" menu: everyone, or one standing. */
export const STANDINGS: readonly { value: string; label: string }[] = [
  { value: "", label: "Everyone" },
  { value: "new", label: "New to JumpCloud" },
  { value: "not_bound", label: "Already in JumpCloud, not bound here" },
  { value: "bound", label: "Already bound here" },
];

/** How usernames are made for new people. */
export const USERNAME_PATTERNS: readonly { key: string; label: string }[] = [
  { key: "email", label: "the part of the email before the @ (jane.doe@example.com → jane.doe)" },
  { key: "first.last", label: "first name, a dot, last name (jane.doe)" },
  { key: "flast", label: "first initial and last name (jdoe)" },
];

/** The states new people can start in. */
export const START_STATES: readonly { key: "staged" | "active"; label: string; hint: string }[] = [
  {
    key: "staged",
    label: "Not yet activated (staged)",
    hint: "They are added but cannot sign in until you activate them, and get no email until then.",
  },
  {
    key: "active",
    label: "Active now",
    hint: "They can sign in as soon as they have set a password.",
  },
];
