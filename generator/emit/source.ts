/**
 * Emit without formatting: IR -> the generated files as the emitters wrote
 * them, the same code token for token as generated/ holds. For a machine to
 * compile (the model cache, type checks of many specs), where formatting would
 * be most of the cost; and it loads neither ts-morph nor TypeScript.
 */
import type { ProtocolIR } from "../ir.js";
import { emitMachineFile } from "./machine-file.js";
import { emitModelFile } from "./model-file.js";
import { emitProtocolFile } from "./protocol-file.js";
import { emitTypesFile } from "./types-file.js";
import { emitMessageSchemas, emitSchemasDeclaration, emitValidatorsFile } from "./validators-file.js";

/** File name -> unformatted content, for generated/<protocol>/. */
export function emitProtocolSource(ir: ProtocolIR): Map<string, string> {
  return new Map([
    ...emitModelSource(ir),
    ["validators.ts", emitValidatorsFile(ir)],
    ["protocol.ts", emitProtocolFile(ir)],
    ["message-schemas.js", emitMessageSchemas(ir)],
    ["message-schemas.d.ts", emitSchemasDeclaration(ir)],
  ]);
}

/** The files the checker loads (model.ts and what it imports), without the message validators, whose ajv code is the dearest to make. */
export function emitModelSource(ir: ProtocolIR): Map<string, string> {
  return new Map([
    ["types.ts", emitTypesFile(ir)],
    ["machine.ts", emitMachineFile(ir)],
    ["model.ts", emitModelFile(ir)],
  ]);
}
