// The kustomizations render: with the subset renderer of lib/kustomize.mjs always, and with `kubectl kustomize` too
// where kubectl is installed (the two must agree object for object).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import YAML from "yaml";
import { configMapHash, render } from "../lib/kustomize.mjs";
import { KUSTOMIZATIONS } from "../lib/repo.mjs";

const key = (o) => `${o.apiVersion} ${o.kind} ${o.metadata?.namespace || ""}/${o.metadata?.name}`;

function kubectlAvailable() {
  const r = spawnSync("kubectl", ["version", "--client"], { encoding: "utf8" });
  return r.status === 0;
}

function withTempKustomization(files, fn) {
  const dir = mkdtempSync(join(tmpdir(), "gridkv-kustomize-"));
  try {
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    return fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("kustomize", () => {
  for (const [name, dir] of Object.entries(KUSTOMIZATIONS)) {
    it(`${name} renders: every object has apiVersion, kind and a name, no two alike`, () => {
      const { objects } = render(dir);
      assert.ok(objects.length > 0);
      for (const o of objects) {
        assert.ok(o.apiVersion && o.kind && o.metadata?.name, `incomplete object: ${JSON.stringify(o).slice(0, 200)}`);
      }
      const keys = objects.map(key);
      assert.equal(new Set(keys).size, keys.length, `duplicate objects: ${keys}`);
    });

    it(`${name} renders the same with kubectl kustomize`, { skip: !kubectlAvailable() && "kubectl is not installed" }, () => {
      const r = spawnSync("kubectl", ["kustomize", dir], { encoding: "utf8" });
      assert.equal(r.status, 0, r.stderr);
      const theirs = YAML.parseAllDocuments(r.stdout).map((d) => d.toJS()).filter(Boolean);
      const ours = render(dir).objects;
      const byKey = (list) => Object.fromEntries(list.map((o) => [key(o), o]));
      assert.deepEqual(byKey(ours), byKey(theirs));
    });
  }

  it("names a generated ConfigMap with kustomize's hash of its data (values from kubectl kustomize 5.5)", () => {
    assert.equal(configMapHash({ a: "b" }), "4h2mbtbbt6");
    // Go's JSON escapes <, > and & (HTML-safe), and keeps non-ASCII as UTF-8.
    assert.equal(
      configMapHash({ html: '<a href="x">&amp;</a>', unicode: "héllo ✓", "multi.txt": 'line one\n\tline "two"\n' }),
      "chc9dk7kkd",
    );
  });

  it("rewrites the pod template's reference to a generated ConfigMap", () => {
    withTempKustomization(
      {
        "kustomization.yaml": "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [pod.yaml]\n" +
          "configMapGenerator:\n  - name: cfg\n    literals: [a=b]\n",
        "pod.yaml": "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: c, image: i}]\n" +
          "  volumes: [{name: v, configMap: {name: cfg}}, {name: w, configMap: {name: other}}]\n",
      },
      (dir) => {
        const pod = render(dir).objects.find((o) => o.kind === "Pod");
        assert.deepEqual(pod.spec.volumes.map((v) => v.configMap.name), ["cfg-4h2mbtbbt6", "other"]);
      },
    );
  });

  it("refuses kustomize features it does not implement, and files outside the folder", () => {
    withTempKustomization(
      { "kustomization.yaml": "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamePrefix: x-\n" },
      (dir) => assert.throws(() => render(dir), /namePrefix.*not supported/),
    );
    withTempKustomization(
      {
        "kustomization.yaml": "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n" +
          "configMapGenerator:\n  - name: c\n    files: [../etc-passwd]\n",
      },
      (dir) => assert.throws(() => render(dir), /outside/),
    );
  });
});
