/**
 * Progress of a long `check` or `simulate` on stderr. On a terminal one line
 * is redrawn in place every second; elsewhere (CI logs, a pipe) a full line is
 * written every PROTOFORGE_PROGRESS_SECONDS (30 s by default), as TLC writes
 * its Progress lines, and with --json that line is a JSON object. A command
 * that ends before the first interval writes nothing, so short ones stay quiet.
 */
import { UsageError } from "./report.js";

export type ProgressMode = "terminal" | "lines" | "json";

/** One progress report: the figures of the command (in the order they are printed) and the seconds since it started. */
export interface ProgressFigures {
  readonly seconds: number;
  /** What each figure is called in text and in JSON (as the final --json report names it), and its value. */
  readonly figures: readonly (readonly [label: string, key: string, value: number])[];
}

const DEFAULT_SECONDS = 30;

/** PROTOFORGE_PROGRESS_SECONDS: seconds between two progress lines when stderr is not a terminal. */
export function progressInterval(env: NodeJS.ProcessEnv = process.env): number {
  const value = env.PROTOFORGE_PROGRESS_SECONDS;
  if (value === undefined || value === "") return DEFAULT_SECONDS;
  const seconds = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || !Number.isFinite(seconds)) throw new UsageError(`PROTOFORGE_PROGRESS_SECONDS=${value}: expected a number of seconds (0 or more)`);
  return seconds;
}

/** `0:00:42`: hours, minutes and seconds since the start. */
export function elapsedText(seconds: number): string {
  const s = Math.floor(seconds);
  const two = (n: number) => String(n).padStart(2, "0");
  return `${Math.floor(s / 3600)}:${two(Math.floor(s / 60) % 60)}:${two(s % 60)}`;
}

/** `1,234 distinct states, ..., elapsed 0:00:42, 312 MiB RSS` (resident memory of the whole process, off-heap tables included). */
export function progressText(p: ProgressFigures, rssBytes: number): string {
  const figures = p.figures.map(([label, , value]) => (label === "depth" || label === "queue" ? `${label} ${value.toLocaleString("en")}` : `${value.toLocaleString("en")} ${label}`));
  return `${figures.join(", ")}, elapsed ${elapsedText(p.seconds)}, ${Math.round(rssBytes / 2 ** 20).toLocaleString("en")} MiB RSS`;
}

export function progressJson(p: ProgressFigures, rssBytes: number): string {
  return JSON.stringify({ progress: { ...Object.fromEntries(p.figures.map(([, key, value]) => [key, value])), seconds: Math.round(p.seconds), rssBytes } });
}

/** Writes progress reports as the mode asks; `end` clears a redrawn line before the report. */
export class ProgressWriter {
  private due: number;
  private drawn = false;

  constructor(
    private readonly mode: ProgressMode,
    private readonly interval: number,
    private readonly write: (text: string) => void = (text) => process.stderr.write(text),
  ) {
    this.due = mode === "terminal" ? 0 : interval;
  }

  /** How often the command should report: every second on a terminal, else often enough to meet the interval. */
  get reportSeconds(): number {
    return this.mode === "terminal" ? 1 : Math.min(1, this.interval);
  }

  report(p: ProgressFigures): void {
    if (p.seconds < this.due) return;
    const rss = process.memoryUsage.rss();
    if (this.mode === "terminal") {
      this.write(`\r${progressText(p, rss)}\x1b[K`);
      this.drawn = true;
      this.due = p.seconds + 1;
      return;
    }
    // Every interval since the start, however late this report came: 30 s, 60 s, ...
    this.due = this.interval === 0 ? 0 : (Math.floor(p.seconds / this.interval) + 1) * this.interval;
    this.write((this.mode === "json" ? progressJson(p, rss) : `progress: ${progressText(p, rss)}`) + "\n");
  }

  end(): void {
    if (this.drawn) this.write("\r\x1b[K");
    this.drawn = false;
  }
}

/** The writer for a command's stderr: redrawn on a terminal (text only), lines elsewhere, JSON lines with --json. */
export function progressWriter(tty: boolean, json: boolean): ProgressWriter {
  const interval = progressInterval();
  return new ProgressWriter(json ? "json" : tty ? "terminal" : "lines", interval);
}
