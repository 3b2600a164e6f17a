// Where the people list was (its filter, the focused row, how far it was scrolled), so Back
// from a profile returns to the same row. Forgotten when another organization opens.

export const listPlace = { key: "", active: 0, scrollTop: 0, focused: false };

export function forgetPlace() {
  listPlace.key = "";
  listPlace.active = 0;
  listPlace.scrollTop = 0;
  listPlace.focused = false;
}
