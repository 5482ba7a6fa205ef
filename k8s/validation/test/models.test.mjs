// Every rendered object is a valid Kubernetes object of its kind: kubernetes-models' validate() (types, required
// fields, enums) plus a TypeScript check of its fields (lib/strict-fields.mjs: misspelt or unknown fields).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { render } from "../lib/kustomize.mjs";
import { KUSTOMIZATIONS } from "../lib/repo.mjs";
import { unknownFieldProblems } from "../lib/strict-fields.mjs";

/** kubernetes-models' class of an object, or null for kinds it does not model (custom resources). */
async function modelClass(object) {
  const [group, version] = object.apiVersion.includes("/") ? object.apiVersion.split("/") : [null, object.apiVersion];
  try {
    const module = await import(group ? `kubernetes-models/${group}/${version}` : `kubernetes-models/${version}`);
    return module[object.kind] || null;
  } catch {
    return null;
  }
}

const all = Object.entries(KUSTOMIZATIONS).flatMap(([name, dir]) => render(dir).objects.map((o) => ({ from: name, o })));

describe("Kubernetes objects", () => {
  for (const { from, o } of all) {
    const label = `${from}: ${o.kind}/${o.metadata.name}`;
    if (o.apiVersion === "k6.io/v1alpha1" && o.kind === "TestRun") {
      it(`${label} has the shape of a k6-operator TestRun (no model exists for it)`, async () => {
        assert.ok(Number.isInteger(o.spec.parallelism) && o.spec.parallelism > 0, "spec.parallelism: a positive integer");
        const cm = o.spec.script?.configMap;
        assert.ok(cm && typeof cm.name === "string" && typeof cm.file === "string", "spec.script.configMap {name, file}");
        const { EnvVar } = await import("kubernetes-models/v1");
        for (const env of o.spec.runner?.env || []) new EnvVar(env).validate();
      });
      continue;
    }
    it(`${label} validates against kubernetes-models`, async () => {
      const Model = await modelClass(o);
      assert.ok(Model, `kubernetes-models has no ${o.apiVersion} ${o.kind}`);
      new Model(o).validate();
    });
  }

  it("no object has a field its kind does not have (TypeScript's excess-property check)", () => {
    assert.deepEqual(unknownFieldProblems(all.map(({ o }) => o)), []);
  });
});
