// Telling apart people who share a display name. The database keeps names clean (no invisible or
// text-direction characters) but lets two members take the same one; wherever the room lists
// people, each of those gets a short tag from their user id, so "Sam #1f3a" and "Sam #9c0d" are
// two people, and nobody can pass for someone else by copying their name.
import type { OnlineUser } from "./types";

/** How many hex digits of the user id a tag shows at least. */
export const TAG_LENGTH = 4;

/** The form two names are compared in: what a reader would take for the same name. */
function folded(name: string): string {
  return name.normalize("NFKC").toLocaleLowerCase().replace(/\s+/gu, " ").trim();
}

/**
 * A tag for each person in `people` whose name someone else there shares (ignoring case,
 * compatibility forms and spacing): `#` and the start of their user id, long enough to differ from
 * the others of that name. People whose name is their own get none.
 */
export function nameTagsFor(people: readonly OnlineUser[]): Map<string, string> {
  const idsByName = new Map<string, Set<string>>();
  for (const { userId, displayName } of people) {
    const key = folded(displayName);
    idsByName.set(key, (idsByName.get(key) ?? new Set<string>()).add(userId));
  }
  const tags = new Map<string, string>();
  for (const ids of idsByName.values()) {
    if (ids.size < 2) continue;
    const hex = [...ids].map((id) => [id, id.replaceAll("-", "").toLowerCase()] as const);
    let length = TAG_LENGTH;
    while (new Set(hex.map(([, digits]) => digits.slice(0, length))).size < hex.length && length < 32) length++;
    for (const [id, digits] of hex) tags.set(id, `#${digits.slice(0, length)}`);
  }
  return tags;
}
