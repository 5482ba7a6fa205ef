// k8s/examples/k6-testrun: the TestRun finds its script, the script finds its module, the runners find gridkv.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { render } from "../lib/kustomize.mjs";
import { base, containerPort, one, REPO_DIR, TESTRUN_DIR } from "../lib/repo.mjs";

const { objects } = render(TESTRUN_DIR);
const testRun = one(objects, "TestRun");
const scriptRef = testRun.spec.script.configMap;
const env = Object.fromEntries((testRun.spec.runner?.env || []).map((e) => [e.name, e.value]));

describe("k8s/examples/k6-testrun", () => {
  it("is a k6-operator TestRun with parallelism 4", () => {
    assert.equal(testRun.apiVersion, "k6.io/v1alpha1");
    assert.equal(testRun.spec.parallelism, 4);
  });

  it("runs a script from a ConfigMap the kustomization makes", () => {
    const configMap = objects.find((o) => o.kind === "ConfigMap" && o.metadata.name === scriptRef.name);
    assert.ok(configMap, `no ConfigMap ${scriptRef.name} (a hash suffix would rename it: the TestRun is not rewritten)`);
    assert.ok(scriptRef.file in configMap.data, `ConfigMap ${scriptRef.name} has no ${scriptRef.file}`);
  });

  it("the script's local imports are in the same ConfigMap (mounted together at /test)", () => {
    const configMap = one(objects, "ConfigMap", scriptRef.name);
    for (const [file, source] of Object.entries(configMap.data).filter(([f]) => f.endsWith(".js"))) {
      for (const [, specifier] of source.matchAll(/^\s*import\s[^"']*["']([^"']+)["']/gm)) {
        if (specifier.startsWith("k6")) continue; // k6's own modules
        assert.match(specifier, /^\.\/[^/]+$/, `${file} imports ${specifier}: k6 runners have only /test`);
        assert.ok(specifier.slice(2) in configMap.data, `${file} imports ${specifier}, which is not in the ConfigMap`);
      }
    }
    assert.match(configMap.data[scriptRef.file], /from\s+["']\.\/gridkv\.js["']/, "the script does not import gridkv.js");
  });

  it("ships the gridkv k6 module of this version (gridkv.js = node/src/main/k6/gridkv.js)", () => {
    const shipped = readFileSync(join(TESTRUN_DIR, "gridkv.js"), "utf8");
    const current = readFileSync(join(REPO_DIR, "node", "src", "main", "k6", "gridkv.js"), "utf8");
    assert.ok(
      shipped === current,
      "k8s/examples/k6-testrun/gridkv.js differs from the module: cp node/src/main/k6/gridkv.js k8s/examples/k6-testrun/",
    );
  });

  it("points the runners at the client Service's HTTP port", () => {
    const url = new URL(env.GRIDKV_URL);
    const { clients, container } = base();
    const [host, namespace] = url.hostname.split(".");
    const service = clients.find((s) => s.metadata.name === host);
    assert.ok(service, `GRIDKV_URL host ${url.hostname} is not a client Service of k8s/base`);
    assert.ok(namespace === undefined || url.hostname === `${host}.${namespace}.svc.cluster.local` || url.hostname === `${host}.${namespace}`);
    const port = service.spec.ports.find((p) => p.port === Number(url.port || 80));
    assert.ok(port, `the Service has no port ${url.port}`);
    assert.equal(containerPort(container, port.targetPort ?? port.port)?.name, "http");
    assert.equal(url.protocol, "http:");
  });

  it("tells the script how many runners share the test (RUNNERS = parallelism)", () => {
    assert.equal(Number(env.RUNNERS), testRun.spec.parallelism);
  });
});
