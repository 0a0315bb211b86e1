/**
 * What running a spec's code may raise, as a check reports it: a value outside
 * its bound, or an error of the spec (`unwrap(null)`, division by zero). Any
 * other exception is a fault of protoforge's, never a verdict on the spec, so
 * it propagates (an internal error, exit 4).
 */
import { SpecRuntimeError } from "../runtime/values.js";
import { BoundOverflow } from "../runtime/words.js";

export function raisedKind(e: unknown): "overflow" | "error" {
  if (e instanceof BoundOverflow) return "overflow";
  if (e instanceof SpecRuntimeError) return "error";
  throw e;
}
