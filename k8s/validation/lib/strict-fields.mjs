// Unknown fields. kubernetes-models' validate() checks types and required fields but lets a misspelt field through
// (`periodSecond: 5` passes, and the API server would then reject or silently drop it). Here every object is also
// type-checked by TypeScript as an object literal of its kubernetes-models interface, whose excess-property check
// names any field the Kubernetes API does not have. The TestRun is checked against lib/types/testrun.d.ts.
import ts from "typescript";
import { VALIDATION_DIR } from "./repo.mjs";
import { join } from "node:path";

/** The interface of an object: [module, exported name], or null when neither kubernetes-models nor lib/types has it. */
function typeOf(object) {
  if (object.apiVersion === "k6.io/v1alpha1" && object.kind === "TestRun") {
    return ["./lib/types/testrun.js", "ITestRun"];
  }
  const [group, version] = object.apiVersion.includes("/") ? object.apiVersion.split("/") : ["", object.apiVersion];
  const modulePath = group === "" ? `kubernetes-models/${version}/${object.kind}` : `kubernetes-models/${group}/${version}/${object.kind}`;
  try {
    import.meta.resolve(modulePath);
  } catch {
    return null;
  }
  return [modulePath, `I${object.kind}`];
}

/**
 * Type-checks the objects; returns one message per problem ("<kind>/<name>: <TypeScript's message>"), [] when clean.
 * @param {object[]} objects
 */
export function unknownFieldProblems(objects) {
  const lines = [];
  const problems = [];
  const owners = []; // line index → object label
  objects.forEach((object, i) => {
    const label = `${object.kind}/${object.metadata?.name}`;
    const type = typeOf(object);
    if (!type) {
      problems.push(`${label}: no type known for ${object.apiVersion} ${object.kind}`);
      return;
    }
    lines.push(`import type { ${type[1]} as T${i} } from ${JSON.stringify(type[0])};`);
    owners[lines.length - 1] = label;
    for (const line of `export const o${i}: T${i} = ${JSON.stringify(object, null, 2)};`.split("\n")) {
      lines.push(line);
      owners[lines.length - 1] = label;
    }
  });
  const fileName = join(VALIDATION_DIR, "__manifests__.ts");
  const source = lines.join("\n");
  const options = {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    skipLibCheck: true,
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile;
  host.getSourceFile = (name, languageVersion, ...rest) =>
    name === fileName ? ts.createSourceFile(name, source, languageVersion, true) : getSourceFile(name, languageVersion, ...rest);
  const fileExists = host.fileExists;
  host.fileExists = (name) => name === fileName || fileExists(name);
  const readFile = host.readFile;
  host.readFile = (name) => (name === fileName ? source : readFile(name));
  const program = ts.createProgram([fileName], options, host);
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const message = ts.flattenDiagnosticMessageText(d.messageText, "\n");
    if (d.file && d.file.fileName === fileName && d.start !== undefined) {
      const { line } = d.file.getLineAndCharacterOfPosition(d.start);
      problems.push(`${owners[line] || "?"} (${lines[line].trim()}): ${message}`);
    } else {
      problems.push(message);
    }
  }
  return problems;
}
