/**
 * Which field cards of the builder are open. Pure rules, keyed by the builder's field uids: a card with an error
 * must be open when the save is refused, and a save that reloads the fields (new uids) keeps the same cards open.
 */

/** The uids of the fields an error path (`fields.<uid>` or `fields.<uid>.<member>`) points into. */
export function fieldUidsWithErrors(paths: Iterable<string>, uids: readonly string[]): string[] {
  const known = new Set(uids);
  const found = new Set<string>();
  for (const path of paths) {
    const match = /^fields\.([^.]+)(?:\.|$)/.exec(path);
    if (match && known.has(match[1]!)) found.add(match[1]!);
  }
  return uids.filter((uid) => found.has(uid));
}

/** `open` with `uids` added (the same set when nothing is new, so that React skips the render). */
export function withOpened(open: ReadonlySet<string>, uids: Iterable<string>): ReadonlySet<string> {
  let next: Set<string> | null = null;
  for (const uid of uids) {
    if (open.has(uid) || next?.has(uid)) continue;
    next ??= new Set(open);
    next.add(uid);
  }
  return next ?? open;
}

/** `open` with `uid` switched. */
export function toggled(open: ReadonlySet<string>, uid: string): ReadonlySet<string> {
  const next = new Set(open);
  if (next.has(uid)) next.delete(uid);
  else next.add(uid);
  return next;
}

/**
 * The open cards of a field list that was replaced by one in the same order (the saved form's fields get new
 * uids): a card stays open at the same position.
 */
export function carriedByPosition(
  open: ReadonlySet<string>,
  before: readonly string[],
  after: readonly string[],
): ReadonlySet<string> {
  return new Set(after.filter((_, index) => before[index] !== undefined && open.has(before[index])));
}
