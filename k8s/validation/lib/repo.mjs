// Where things are, and small helpers shared by the tests.
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { podSpec, render } from "./kustomize.mjs";

export const VALIDATION_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const K8S_DIR = resolve(VALIDATION_DIR, "..");
export const REPO_DIR = resolve(K8S_DIR, "..");
export const BASE_DIR = join(K8S_DIR, "base");
export const TESTRUN_DIR = join(K8S_DIR, "examples", "k6-testrun");
/** The node jar (set by k8s/pom.xml); tests that need it are skipped, saying so, when it is not set. */
export const NODE_JAR = process.env.GRIDKV_NODE_JAR || "";

/** Every kustomization the tests render. */
export const KUSTOMIZATIONS = { base: BASE_DIR, "examples/k6-testrun": TESTRUN_DIR };

/** The one object of a kind (and name, if given) among `objects`; fails when there is not exactly one. */
export function one(objects, kind, name) {
  const found = objects.filter((o) => o.kind === kind && (name === undefined || o.metadata?.name === name));
  if (found.length !== 1) {
    throw new Error(`expected exactly one ${kind}${name ? ` named ${name}` : ""}, found ${found.length}`);
  }
  return found[0];
}

/** The rendered base and its main objects. */
export function base() {
  const { objects, generated } = render(BASE_DIR);
  const statefulSet = one(objects, "StatefulSet");
  const services = objects.filter((o) => o.kind === "Service");
  const headless = services.find((s) => s.metadata.name === statefulSet.spec.serviceName);
  const clients = services.filter((s) => s !== headless);
  const configMap = one(objects, "ConfigMap", generated.get("gridkv-config"));
  return {
    objects,
    statefulSet,
    pod: podSpec(statefulSet),
    container: podSpec(statefulSet).containers.find((c) => c.name === "gridkv"),
    headless,
    clients,
    pdb: one(objects, "PodDisruptionBudget"),
    configMap,
  };
}

/** Whether every label of a matchLabels selector is on `labels` (and the selector selects something). */
export function selects(matchLabels, labels) {
  const entries = Object.entries(matchLabels || {});
  return entries.length > 0 && entries.every(([k, v]) => labels?.[k] === v);
}

/** A container port by name or number, as a Service targetPort or a probe port refers to it. */
export function containerPort(container, port) {
  return (container.ports || []).find((p) => (typeof port === "string" ? p.name === port : p.containerPort === port));
}

/**
 * The container's environment as Kubernetes sets it in a pod: values in order, `$(VAR)` expanded from variables
 * defined before it (an unknown reference stays as written, as in Kubernetes), downward API fields from `pod`.
 */
export function expandEnv(container, pod) {
  const env = {};
  for (const e of container.env || []) {
    if (e.value !== undefined) {
      env[e.name] = e.value.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (match, name) =>
        match === "$$" ? "$" : name in env ? env[name] : match,
      );
    } else if (e.valueFrom?.fieldRef) {
      const path = e.valueFrom.fieldRef.fieldPath;
      if (!(path in pod)) throw new Error(`env ${e.name}: no value for field ${path} in the test's pod`);
      env[e.name] = pod[path];
    } else {
      env[e.name] = undefined; // from a Secret or ConfigMap: not known here
    }
  }
  return env;
}

/** A pod of the StatefulSet, as the downward API sees it. */
export const TEST_POD = { "metadata.namespace": "load-test", "metadata.name": "gridkv-0", "status.podIP": "10.1.2.3" };
