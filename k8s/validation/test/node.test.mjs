// With the node jar (GRIDKV_NODE_JAR, set by k8s/pom.xml): the node accepts k8s/base's settings, and three members
// started the way the StatefulSet starts its pods — the same args, the ConfigMap's file, the pod environment with
// its downward-API values — form one cluster through the headless Service's DNS name, answer their probes, run the
// k6 example's 4 runners and hand a member's partitions over on SIGTERM.
//
// The pods are played by loopback addresses 127.0.0.1-3 on this machine. The JVM's hosts file (-Djdk.net.hosts.file)
// maps the discovery name to them, as the cluster DNS maps it to the pod IPs, so no DNS server is asked. Test-only
// differences from a pod, all by environment: free ports instead of 7070/5701, HTTP bound to the member's address,
// data in a temporary folder, a small heap, and hazelcast.socket.bind.any=false (three members, one host).
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import YAML from "yaml";
import { nodeSettings, portFreeOn, runJar, startMember, waitFor } from "../lib/node-jar.mjs";
import { render } from "../lib/kustomize.mjs";
import { base, NODE_JAR, one, TEST_POD, TESTRUN_DIR, VALIDATION_DIR, expandEnv } from "../lib/repo.mjs";

const skip = !NODE_JAR && "GRIDKV_NODE_JAR is not set (mvn verify sets it): the checks that run the node jar are skipped";
const b = base();
// Linux routes all of 127.0.0.0/8 to the loopback interface; other systems may have only 127.0.0.1.
const replicas = b.statefulSet.spec.replicas;
const ips = Array.from({ length: replicas }, (_, i) => `127.0.0.${i + 1}`);
const loopbacks = await portFreeOn(ips).then(
  () => true,
  () => false,
);
const skipCluster = skip || (!loopbacks && `this system cannot bind ${ips.join(", ")}: the cluster checks are skipped`);
const NAMESPACE = TEST_POD["metadata.namespace"];
const workDir = mkdtempSync(join(tmpdir(), "gridkv-k8s-"));
after(() => rmSync(workDir, { recursive: true, force: true }));

/** The ConfigMap's files written out, and the container's args pointing at them instead of the mount path. */
function configOnDisk() {
  const volume = b.pod.volumes.find((v) => v.configMap?.name === b.configMap.metadata.name);
  const mount = b.container.volumeMounts.find((m) => m.name === volume.name);
  const dir = join(workDir, "config");
  mkdirSync(dir, { recursive: true });
  for (const [key, text] of Object.entries(b.configMap.data)) writeFileSync(join(dir, key), text);
  const args = (b.container.args || []).map((a) => a.replace(mount.mountPath.replace(/\/$/, ""), dir));
  return { dir, args };
}

describe("the node jar takes k8s/base's settings", { skip }, () => {
  let settings;
  before(() => {
    settings = nodeSettings(NODE_JAR);
  });

  it("every key of the ConfigMap's gridkv.yaml is a node option", () => {
    for (const key of Object.keys(YAML.parse(b.configMap.data["gridkv.yaml"]))) {
      assert.ok(settings.has(key), `gridkv.yaml: "${key}" is not an option of the node (${[...settings.keys()]})`);
    }
  });

  it("every GRIDKV_* variable of the StatefulSet is a node option's variable", () => {
    const variables = new Set(settings.values());
    for (const e of b.container.env) {
      if (e.name.startsWith("GRIDKV_")) assert.ok(variables.has(e.name), `${e.name} is no option's variable`);
    }
  });

  it("no service-link variable Kubernetes would inject for k8s/base's Services reads as a setting", () => {
    // With enableServiceLinks (the default) every pod gets <NAME>_SERVICE_HOST, <NAME>_PORT_<port>_TCP... per Service.
    const variables = new Set(settings.values());
    for (const s of [b.headless, ...b.clients].filter((s) => s.spec.clusterIP !== "None")) {
      const name = s.metadata.name.toUpperCase().replace(/-/g, "_");
      const injected = [`${name}_SERVICE_HOST`, `${name}_SERVICE_PORT`, `${name}_PORT`];
      for (const p of s.spec.ports) {
        const proto = p.protocol || "TCP";
        if (p.name) injected.push(`${name}_SERVICE_PORT_${p.name.toUpperCase().replace(/-/g, "_")}`);
        for (const suffix of ["", "_PROTO", "_PORT", "_ADDR"]) injected.push(`${name}_PORT_${p.port}_${proto}${suffix}`);
      }
      for (const v of injected) assert.ok(!variables.has(v), `Service ${s.metadata.name} would inject ${v}, a setting`);
    }
  });

  it("the node accepts the ConfigMap's file (a bad key stops it with exit 2)", () => {
    const { args } = configOnDisk();
    const ok = runJar(NODE_JAR, [...args, "--help"]);
    assert.equal(ok.status, 0, ok.stderr);
    const bad = join(workDir, "bad.yaml");
    writeFileSync(bad, `${b.configMap.data["gridkv.yaml"]}\nhttp-prot: 7070\n`);
    const refused = runJar(NODE_JAR, ["--config", bad, "--help"]);
    assert.equal(refused.status, 2);
    assert.match(refused.stderr, /http-prot/);
  });
});

describe("3 members started as the StatefulSet's pods", { skip: skipCluster, timeout: 600_000 }, () => {
  const dnsName = `${b.headless.metadata.name}.${NAMESPACE}.svc.cluster.local`;
  const members = [];
  let httpPort;
  const url = (i) => `http://${ips[i]}:${httpPort}`;

  before(async () => {
    const hosts = join(workDir, "hosts");
    writeFileSync(hosts, ips.map((ip) => `${ip} ${dnsName}\n`).join(""));
    httpPort = await portFreeOn(ips);
    let clusterPort = await portFreeOn(ips);
    while (clusterPort === httpPort) clusterPort = await portFreeOn(ips);
    const { args } = configOnDisk();
    const start = (i) => {
      const env = expandEnv(b.container, { ...TEST_POD, "metadata.name": `gridkv-${i}`, "status.podIP": ips[i] });
      Object.assign(env, {
        GRIDKV_HTTP_HOST: ips[i],
        GRIDKV_HTTP_PORT: String(httpPort),
        GRIDKV_CLUSTER_PORT: String(clusterPort),
        GRIDKV_DATA_DIR: join(workDir, `data-${i}`),
        JAVA_TOOL_OPTIONS: `${env.JAVA_TOOL_OPTIONS} -Djdk.net.hosts.file=${hosts} -Dhazelcast.socket.bind.any=false -Xmx384m`,
      });
      const member = startMember({ jar: NODE_JAR, args, env, log: join(workDir, `gridkv-${i}.log`), cwd: join(workDir, `pod-${i}`) });
      members[i] = member;
      return member;
    };
    // OrderedReady: each pod starts once the previous one is ready; Parallel: all at once.
    const ordered = (b.statefulSet.spec.podManagementPolicy || "OrderedReady") === "OrderedReady";
    const ready = (i, n, settleMs) =>
      waitFor(`${url(i)}/health/ready`, (body) => body.members === n, { timeoutMs: 180_000, member: members[i], settleMs });
    if (ordered) {
      // Pod i answers only once it has joined: then it must see the i members before it, or discovery failed.
      for (let i = 0; i < replicas; i++) {
        start(i);
        await ready(i, i + 1, 20_000);
      }
    } else {
      for (let i = 0; i < replicas; i++) start(i);
    }
    await Promise.all(ips.map((_, i) => ready(i, replicas)));
  });

  after(async () => {
    await Promise.all(members.filter(Boolean).map((m) => m.stop()));
  });

  it("form one cluster through the headless Service's DNS name", async () => {
    for (let i = 0; i < replicas; i++) {
      const stats = await (await fetch(`${url(i)}/v1/stats`)).json();
      assert.equal(stats.result.members.length, replicas, `member ${i}: ${JSON.stringify(stats.result.members)}`);
      assert.equal(stats.result.clusterName, YAML.parse(b.configMap.data["gridkv.yaml"])["cluster-name"]);
    }
  });

  it("answer the probes' paths and the metrics annotation's path", async () => {
    const paths = ["startupProbe", "livenessProbe", "readinessProbe"].map((p) => b.container[p].httpGet.path);
    paths.push(b.statefulSet.spec.template.metadata.annotations["prometheus.io/path"]);
    for (let i = 0; i < replicas; i++) {
      for (const path of paths) {
        const res = await fetch(`${url(i)}${path}`);
        assert.equal(res.status, 200, `member ${i} ${path}`);
        await res.text();
      }
    }
    const metrics = await (await fetch(`${url(0)}/metrics`)).text();
    assert.match(metrics, /^gridkv_cluster_members\S* 3(\.0)?$/m);
  });

  /** Runs one simulated k6-operator runner of the example; resolves with its report. */
  function runner(env, segment, extra = 0) {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ["--import", "./lib/k6/register.mjs", "./lib/k6-runner.mjs"], {
        cwd: VALIDATION_DIR,
        env: {
          ...process.env,
          K6_SCRIPT: join(TESTRUN_DIR, one(render(TESTRUN_DIR).objects, "TestRun").spec.script.configMap.file),
          K6_ENV: JSON.stringify(env),
          K6_SEGMENT: segment,
          K6_EXTRA_ITERATIONS: String(extra),
        },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let out = "";
      let err = "";
      child.stdout.on("data", (d) => (out += d));
      child.stderr.on("data", (d) => (err += d));
      child.on("exit", (code) => {
        if (code !== 0) reject(new Error(`runner ${segment} exited ${code}: ${err}`));
        else resolve(JSON.parse(out.trim().split("\n").pop()));
      });
    });
  }

  const testRun = one(render(TESTRUN_DIR).objects, "TestRun");
  const runnerEnv = Object.fromEntries(testRun.spec.runner.env.map((e) => [e.name, e.value]));
  const call = async (i, store, op, args = {}) =>
    (await (await fetch(`${url(i)}/v1/stores/${store}/${op}`, { method: "POST", body: JSON.stringify(args) })).json()).result;

  it("run the k6 example's 4 runners: every user of the pool exactly once, then the store is cleared", async () => {
    const poolSize = 200;
    const n = testRun.spec.parallelism;
    // Each runner talks to one member, as connections through the client Service spread over the members.
    const reports = await Promise.all(
      Array.from({ length: n }, (_, r) =>
        runner({ ...runnerEnv, GRIDKV_URL: url(r % replicas), POOL_SIZE: String(poolSize) }, `${r}/${n}`),
      ),
    );
    for (const report of reports) {
      assert.deepEqual(report.errors, []);
      assert.equal(report.aborted, null);
    }
    const checks = reports.flatMap((r) => r.checks);
    assert.ok(checks.every((c) => c.ok), `failed checks: ${JSON.stringify(checks.filter((c) => !c.ok)).slice(0, 500)}`);
    const ids = checks.map((c) => c.value.id).sort((x, y) => x - y);
    assert.deepEqual(ids, Array.from({ length: poolSize }, (_, i) => i + 1));
    assert.equal(reports.reduce((sum, r) => sum + r.iterations, 0), poolSize);
    assert.equal(await call(0, runnerEnv.GRIDKV_STORE, "size"), 0, "the last runner's teardown() clears the store");
  });

  it("run the k6 example past its pool: the runner stops when the pool is exhausted", async () => {
    const report = await runner(
      { ...runnerEnv, GRIDKV_URL: url(1), GRIDKV_STORE: "k6-exhausted", POOL_SIZE: "20", RUNNERS: "1" },
      "0/1",
      5,
    );
    assert.match(report.aborted || "", /exhausted/);
    assert.equal(report.checks.filter((c) => c.ok).length, 20);
  });

  it("a member leaves on SIGTERM within the grace period, handing over its data", async () => {
    const store = "k8s-sigterm";
    const ops = Array.from({ length: 500 }, (_, i) => ({ op: "set", key: `k${i}`, value: i }));
    const batch = await fetch(`${url(0)}/v1/stores/${store}/batch`, { method: "POST", body: JSON.stringify({ ops }) });
    assert.equal(batch.status, 200);
    await batch.text();
    const last = replicas - 1; // a scale-down or a rolling update takes the highest ordinal first
    const started = Date.now();
    await members[last].stop("SIGTERM");
    const seconds = (Date.now() - started) / 1000;
    const preStop = Number(b.container.lifecycle.preStop.exec.command[1]);
    assert.ok(seconds + preStop < b.pod.terminationGracePeriodSeconds, `took ${seconds} s`);
    for (let i = 0; i < last; i++) {
      await waitFor(`${url(i)}/health/ready`, (body) => body.members === replicas - 1, { timeoutMs: 60_000 });
      assert.equal(await call(i, store, "size"), ops.length);
    }
  });
});
