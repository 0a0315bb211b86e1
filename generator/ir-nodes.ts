/** Every IR node (an object with a `kind`) inside a value: expressions, effects, their parts, depth first. */
export function* irNodes(value: unknown): Generator<{ readonly kind: string; readonly name?: string }> {
  if (Array.isArray(value)) {
    for (const v of value) yield* irNodes(v);
  } else if (typeof value === "object" && value !== null) {
    if (typeof (value as { kind?: unknown }).kind === "string") yield value as { kind: string; name?: string };
    for (const v of Object.values(value)) yield* irNodes(v);
  }
}

/** The names of the nodes of one kind inside a value: the locals, parameters or definitions it reads. */
export const namesOf = (value: unknown, kind: string): Set<string> => new Set([...irNodes(value)].filter((n) => n.kind === kind && n.name !== undefined).map((n) => n.name!));
