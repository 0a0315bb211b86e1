/** TypeScript -> JavaScript for the model cache, with the compiler ts-morph bundles (typescript 7 has no compiler API). */
import { ts } from "ts-morph";

export function transpile(fileName: string, text: string): string {
  return ts.transpileModule(text, { fileName, compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext } }).outputText;
}
