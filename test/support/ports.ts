/**
 * Loopback ports for a test's cluster: a block of `count` consecutive ports that
 * can be bound now, drawn at random below Linux's ephemeral range (32768 on),
 * where outgoing connections take their ports and could take one of ours.
 * Test files in other vitest workers draw blocks too, so a base derived from the
 * pid alone could overlap theirs.
 */
import { createServer } from "node:net";

const LOWEST = 10_000;
const EPHEMERAL = 32_768;

function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/** The first port of a free block of `count`. */
export async function freePortBlock(count: number): Promise<number> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const base = LOWEST + Math.floor(Math.random() * (EPHEMERAL - LOWEST - count));
    let free = true;
    for (let p = base; p < base + count && free; p++) free = await bindable(p);
    if (free) return base;
  }
  throw new Error(`no ${count} consecutive free loopback ports below ${EPHEMERAL}`);
}
