import type { Sid } from "@bd/core";

/** The sids captured by a naming pattern's group from a list of server-side names. */
export function sidsMatching(names: Iterable<string>, pattern: RegExp): Set<Sid> {
  const sids = new Set<Sid>();
  for (const name of names) {
    const sid = pattern.exec(name)?.[1];
    if (sid !== undefined) sids.add(sid as Sid);
  }
  return sids;
}
