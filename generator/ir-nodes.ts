/** Every IR node (an object with a `kind`) inside a value: expressions, effects, their parts, depth first; nodes of kind `skip`, and all inside them, left out. */
export function* irNodes(value: unknown, skip?: string): Generator<{ readonly kind: string; readonly name?: string }> {
  if (Array.isArray(value)) {
    for (const v of value) yield* irNodes(v, skip);
  } else if (typeof value === "object" && value !== null) {
    const kind = (value as { kind?: unknown }).kind;
    if (skip !== undefined && kind === skip) return;
    if (typeof kind === "string") yield value as { kind: string; name?: string };
    for (const v of Object.values(value)) yield* irNodes(v, skip);
  }
}

/** The names of the nodes of one kind inside a value: the locals, parameters or definitions it reads (outside nodes of kind `skip`). */
export const namesOf = (value: unknown, kind: string, skip?: string): Set<string> => new Set([...irNodes(value, skip)].filter((n) => n.kind === kind && n.name !== undefined).map((n) => n.name!));
