// k8s/Dockerfile: lints clean (dockerfile-utils, the linter of VS Code's Docker support) and agrees with the build and
// the StatefulSet. Docker itself is not needed.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { DockerfileParser } from "dockerfile-ast";
import { validate } from "dockerfile-utils";
import { base, K8S_DIR, REPO_DIR } from "../lib/repo.mjs";

const text = readFileSync(join(K8S_DIR, "Dockerfile"), "utf8");
const dockerfile = DockerfileParser.parse(text);
const instructions = dockerfile.getInstructions();
const all = (keyword) => instructions.filter((i) => i.getKeyword() === keyword);
const only = (keyword) => {
  const found = all(keyword);
  assert.equal(found.length, 1, `expected one ${keyword}, found ${found.length}`);
  return found[0];
};
const args = (instruction) => instruction.getArguments().map((a) => a.getValue());

describe("k8s/Dockerfile", () => {
  it("lints clean", () => {
    const problems = validate(text).map((d) => `line ${d.range.start.line + 1}: ${d.message}`);
    assert.deepEqual(problems, []);
  });

  it("is based on a Java 17 JRE image", () => {
    let image = args(only("FROM"))[0];
    // FROM ${ARG}: the ARG's default
    image = image.replace(/^\$\{?(\w+)\}?$/, (m, name) => {
      const arg = all("ARG").map((a) => args(a)[0]).find((a) => a.startsWith(`${name}=`));
      assert.ok(arg, `FROM uses ${name}, which has no default`);
      return arg.slice(name.length + 1);
    });
    assert.match(image, /^eclipse-temurin:17-jre(-[a-z]+)?$/);
  });

  it("copies the node jar the build makes and runs it with java -jar", () => {
    const [source, destination] = args(only("COPY"));
    assert.equal(source, "node/target/gridkv-node.jar");
    const nodePom = readFileSync(join(REPO_DIR, "node", "pom.xml"), "utf8");
    assert.match(nodePom, /<finalName>gridkv-node<\/finalName>/, "node/pom.xml no longer makes gridkv-node.jar");
    const entrypoint = JSON.parse(only("ENTRYPOINT").getArgumentsContent());
    assert.deepEqual(entrypoint, ["java", "-jar", destination]);
    const ignore = readFileSync(join(K8S_DIR, "Dockerfile.dockerignore"), "utf8").split("\n").map((l) => l.trim());
    assert.ok(ignore.includes("*") && ignore.includes(`!${source}`), "Dockerfile.dockerignore must send only the jar");
  });

  it("runs as a numeric non-root user", () => {
    const user = args(only("USER"))[0];
    assert.match(user, /^[1-9]\d*(:\d+)?$/);
  });

  it("exposes exactly the container ports of the StatefulSet", () => {
    const exposed = all("EXPOSE").flatMap(args).map((p) => Number(p.split("/")[0])).sort();
    const ports = base().container.ports.map((p) => p.containerPort).sort();
    assert.deepEqual(exposed, ports);
  });

  it("sets no GRIDKV_* environment (it would override the --config file in Kubernetes)", () => {
    for (const env of all("ENV")) assert.doesNotMatch(args(env).join(" "), /GRIDKV_/);
  });
});
