/**
 * An action as readable code: the guard and the effects as the spec writes
 * them, one effect a line, nested effects indented. The docs site highlights
 * the `protoforge` language (docs/.vitepress/protoforge-grammar.ts).
 */
import type { Action } from "../generator/ir.js";
import { typeText } from "../generator/types.js";
import type { ActionSpec, BlockSpec, EffectSpec } from "../generator/spec.js";

export const CODE_LANGUAGE = "protoforge";

const INDENT = "  ";

function withFields(fields: Readonly<Record<string, string>> | undefined): string {
  const entries = Object.entries(fields ?? {});
  return entries.length === 0 ? "" : ` with { ${entries.map(([k, v]) => `${k}: ${v}`).join(", ")} }`;
}

function effectLines(effect: EffectSpec, depth: number): string[] {
  const pad = INDENT.repeat(depth);
  if ("set" in effect) return [`${pad}${effect.set} := ${effect.to}`];
  if ("ghost" in effect) return [`${pad}ghost ${effect.ghost} := ${effect.to}`];
  if ("let" in effect) return [`${pad}let ${effect.let} = ${effect.be}`];
  if ("send" in effect) return [`${pad}send ${effect.send}${effect.to === undefined ? "" : ` to ${effect.to}`}${withFields(effect.with)}`];
  if ("multicast" in effect) return [`${pad}multicast ${effect.multicast} to ${effect.to}${withFields(effect.with)}`];
  if ("broadcast" in effect) return [`${pad}broadcast ${effect.broadcast}${withFields(effect.with)}${effect.includeSelf ? " including self" : ""}`];
  if ("choose" in effect) {
    const where = effect.where === undefined ? "" : ` where ${effect.where}`;
    return [`${pad}choose ${effect.choose} from ${effect.from}${where}:`, ...effectsLines(effect.do, depth + 1)];
  }
  if ("call" in effect) return [`${pad}call ${effect.call}${withFields(effect.with)}`];
  const otherwise = effect.else === undefined || effect.else.length === 0 ? [] : [`${pad}else:`, ...effectsLines(effect.else, depth + 1)];
  return [`${pad}if ${effect.if}:`, ...effectsLines(effect.then, depth + 1), ...otherwise];
}

function effectsLines(effects: readonly EffectSpec[], depth: number): string[] {
  return effects.length === 0 ? [`${INDENT.repeat(depth)}skip`] : effects.flatMap((e) => effectLines(e, depth));
}

/** The action's code: header (role, message, parameters), guard, effects. */
export function actionCode(name: string, spec: ActionSpec, ir: Action | undefined): string {
  const params = (ir?.params ?? []).map((p) => `${p.name}: ${typeText(p.type)}`);
  const header = [`action ${name} of ${spec.role}`, ...(spec.on === undefined ? [] : [`${INDENT}on ${spec.on} as msg`]), ...(params.length === 0 ? [] : [`${INDENT}for each ${params.join(", ")}`])];
  return [...header, `${INDENT}when ${spec.guard ?? "true"}`, `${INDENT}do`, ...effectsLines(spec.effects, 2)].join("\n");
}

/** A block's code: header (role, parameters) and effects. */
export function blockCode(name: string, spec: BlockSpec, params: readonly string[]): string {
  return [`block ${name} of ${spec.role}${params.length === 0 ? "" : `(${params.join(", ")})`}`, `${INDENT}do`, ...effectsLines(spec.effects, 2)].join("\n");
}
