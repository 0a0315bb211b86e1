/**
 * A protocol's narrative, written by hand in docs/narratives/<protocol>.md, set
 * on its generated page before the reference. Each marker comment
 * `<!-- happy path: {...} -->` becomes the sequence diagram of the shortest
 * fault-free run that reaches the goal it names, which publish found in the
 * model and recorded in the certificate (cli/happy-path.ts).
 */
import type { CheckRecord } from "./input.js";
import { blocks, code, fence, plural } from "./markdown.js";

const MARKER = /<!-- happy path: (\{.*?\}) -->/g;

export function narrativeSection(narrative: string | null | undefined, certificate: CheckRecord | null): string | null {
  if (narrative === null || narrative === undefined || narrative.trim() === "") return null;
  const body = narrative.replace(MARKER, (_, goal: string) => {
    const path = certificate?.happyPaths?.find((p) => p.goal === goal);
    if (path === undefined) return `*(This happy path is drawn once ${code("protoforge publish")} has found it in the model.)*`;
    return blocks(`The shortest run of the ${code(certificate!.model)} model with no fault that gets there, ${plural(path.steps, "step")}, found by the checker (click it to enlarge):`, fence("mermaid", path.mermaid));
  });
  return body.trim();
}
