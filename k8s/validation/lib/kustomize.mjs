// The subset of kustomize that gridkv's kustomizations use, so the tests can render them without kubectl:
//   resources          YAML files inside the kustomization's folder, or folders holding a kustomization
//   configMapGenerator name + files ("key=path" or "path") + literals ("KEY=value") + options.disableNameSuffixHash
//   generatorOptions   disableNameSuffixHash
// A generated ConfigMap is named <name>-<hash> (kustomize's own hash of its contents) unless the suffix is disabled,
// and the references to it from pod templates are rewritten, as kustomize does. Any other field fails the render:
// using another kustomize feature in k8s/ means teaching it to this file first. Where kubectl is installed, the tests
// also compare this rendering with `kubectl kustomize`.
import { createHash } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import { basename, join, relative, resolve, sep } from "node:path";
import YAML from "yaml";

const KUSTOMIZATION_FILES = ["kustomization.yaml", "kustomization.yml", "Kustomization"];
const KUSTOMIZATION_FIELDS = new Set(["apiVersion", "kind", "resources", "configMapGenerator", "generatorOptions"]);
const GENERATOR_FIELDS = new Set(["name", "files", "literals", "options"]);
const GENERATOR_OPTION_FIELDS = new Set(["disableNameSuffixHash"]);

/** The kustomization file of a folder, or null. */
export function kustomizationFile(dir) {
  for (const name of KUSTOMIZATION_FILES) {
    const file = join(dir, name);
    if (existsSync(file)) return file;
  }
  return null;
}

/** Every YAML document of a file, as plain objects (empty documents skipped). */
export function readYamlDocuments(file) {
  const docs = YAML.parseAllDocuments(readFileSync(file, "utf8"), { prettyErrors: true });
  const objects = [];
  for (const doc of docs) {
    if (doc.errors.length > 0) {
      throw new Error(`${file}: invalid YAML: ${doc.errors.map((e) => e.message).join("; ")}`);
    }
    const value = doc.toJS();
    if (value !== null && value !== undefined) objects.push(value);
  }
  return objects;
}

/** `inner` lies inside `root` (kustomize's default load restriction for files). */
function inside(root, inner) {
  const rel = relative(root, inner);
  return rel === "" || (!rel.startsWith("..") && !rel.startsWith(sep) && !rel.includes(`..${sep}`));
}

/**
 * Renders the kustomization in `dir`.
 * @returns {{objects: object[], generated: Map<string, string>}} the objects, and for each generated ConfigMap its
 *   generator name → rendered name
 */
export function render(dir) {
  dir = resolve(dir);
  const file = kustomizationFile(dir);
  if (!file) throw new Error(`${dir}: no kustomization.yaml`);
  const [k] = readYamlDocuments(file);
  for (const field of Object.keys(k)) {
    if (!KUSTOMIZATION_FIELDS.has(field)) {
      throw new Error(`${file}: kustomize field "${field}" is not supported by k8s/validation/lib/kustomize.mjs`);
    }
  }
  if (k.apiVersion !== "kustomize.config.k8s.io/v1beta1" || k.kind !== "Kustomization") {
    throw new Error(`${file}: expected apiVersion kustomize.config.k8s.io/v1beta1, kind Kustomization`);
  }

  const objects = [];
  const generated = new Map();
  for (const entry of k.resources || []) {
    const path = resolve(dir, entry);
    if (!existsSync(path)) throw new Error(`${file}: resource ${entry} does not exist`);
    if (statSync(path).isDirectory()) {
      const sub = render(path);
      objects.push(...sub.objects);
      for (const [from, to] of sub.generated) generated.set(from, to);
    } else {
      if (!inside(dir, path)) throw new Error(`${file}: resource file ${entry} lies outside ${dir}`);
      objects.push(...readYamlDocuments(path));
    }
  }

  const globalOptions = k.generatorOptions || {};
  checkOptions(file, globalOptions);
  const renamed = new Map();
  for (const generator of k.configMapGenerator || []) {
    for (const field of Object.keys(generator)) {
      if (!GENERATOR_FIELDS.has(field)) {
        throw new Error(`${file}: configMapGenerator field "${field}" is not supported by lib/kustomize.mjs`);
      }
    }
    const options = { ...globalOptions, ...(generator.options || {}) };
    checkOptions(file, options);
    const data = {};
    for (const spec of generator.files || []) {
      const eq = spec.indexOf("=");
      const key = eq >= 0 ? spec.slice(0, eq) : basename(spec);
      const path = resolve(dir, eq >= 0 ? spec.slice(eq + 1) : spec);
      if (!inside(dir, path)) {
        throw new Error(`${file}: configMapGenerator file ${spec} lies outside ${dir} (kustomize refuses it)`);
      }
      if (!existsSync(path)) throw new Error(`${file}: configMapGenerator file ${spec} does not exist`);
      if (key in data) throw new Error(`${file}: configMapGenerator ${generator.name}: key ${key} given twice`);
      const bytes = readFileSync(path);
      const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes); // kustomize puts non-UTF-8 in binaryData
      data[key] = text;
    }
    for (const literal of generator.literals || []) {
      const eq = literal.indexOf("=");
      if (eq <= 0) throw new Error(`${file}: literal ${literal} is not KEY=value`);
      data[literal.slice(0, eq)] = literal.slice(eq + 1);
    }
    const name = options.disableNameSuffixHash ? generator.name : `${generator.name}-${configMapHash(data)}`;
    renamed.set(generator.name, name);
    generated.set(generator.name, name);
    objects.push({ apiVersion: "v1", kind: "ConfigMap", metadata: { name }, data });
  }
  for (const object of objects) rewriteConfigMapReferences(object, renamed);
  return { objects, generated };
}

function checkOptions(file, options) {
  for (const field of Object.keys(options)) {
    if (!GENERATOR_OPTION_FIELDS.has(field)) {
      throw new Error(`${file}: generator option "${field}" is not supported by lib/kustomize.mjs`);
    }
  }
}

/** Go's encoding/json string form: JSON with <, >, & and U+2028/U+2029 escaped (json.Marshal's HTML escaping). */
function goJson(value) {
  if (value === null || typeof value !== "object") {
    return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  }
  const keys = Object.keys(value).sort(); // Go sorts map keys (by bytes; ASCII keys here)
  return `{${keys.map((key) => `${goJson(key)}:${goJson(value[key])}`).join(",")}}`;
}

/**
 * kustomize's name suffix for a generated ConfigMap: sha256 of the Go JSON of {"data", "kind", "name"}, its first 10
 * hex digits re-lettered. kustomize (v5) looks the name up as one field called "metadata/name", finds nothing and
 * hashes "" in its place: the suffix depends on the data only (checked against `kubectl kustomize`).
 */
export function configMapHash(data) {
  const hex = createHash("sha256").update(goJson({ data, kind: "ConfigMap", name: "" })).digest("hex");
  const letters = { 0: "g", 1: "h", 3: "k", a: "m", e: "t" };
  return [...hex.slice(0, 10)].map((c) => letters[c] || c).join("");
}

/** The pod spec of a workload object, or null. */
export function podSpec(object) {
  if (object.kind === "Pod") return object.spec || null;
  if (object.kind === "CronJob") return object.spec?.jobTemplate?.spec?.template?.spec || null;
  return object.spec?.template?.spec || null;
}

/** Points every ConfigMap reference of a pod template at the generated name, as kustomize's name reference does. */
function rewriteConfigMapReferences(object, renamed) {
  const spec = podSpec(object);
  if (!spec) return;
  const rename = (ref) => {
    if (ref && renamed.has(ref.name)) ref.name = renamed.get(ref.name);
  };
  for (const volume of spec.volumes || []) {
    rename(volume.configMap);
    for (const source of volume.projected?.sources || []) rename(source.configMap);
  }
  for (const container of [...(spec.initContainers || []), ...(spec.containers || [])]) {
    for (const env of container.env || []) rename(env.valueFrom?.configMapKeyRef);
    for (const from of container.envFrom || []) rename(from.configMapRef);
  }
}
