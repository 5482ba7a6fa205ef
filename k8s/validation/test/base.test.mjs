// k8s/base: the pieces fit together — selectors, ports, probes, discovery, storage, shutdown budget, settings.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import YAML from "yaml";
import { base, containerPort, expandEnv, REPO_DIR, selects, TEST_POD } from "../lib/repo.mjs";

const b = base();
const podLabels = b.statefulSet.spec.template.metadata.labels;
const envOf = (name) => b.container.env.find((e) => e.name === name);

/** The node's settings file as the pod sees it: {mountPath, key, settings}. */
function settingsFile() {
  const args = b.container.args || [];
  const i = args.indexOf("--config");
  const path = i >= 0 ? args[i + 1] : args.find((a) => a.startsWith("--config="))?.slice("--config=".length);
  assert.ok(path, `the container's args give no --config: ${JSON.stringify(args)}`);
  const mount = b.container.volumeMounts.find((m) => path.startsWith(`${m.mountPath.replace(/\/$/, "")}/`));
  assert.ok(mount, `no volume is mounted where --config ${path} lies`);
  const volume = b.pod.volumes.find((v) => v.name === mount.name);
  assert.ok(volume?.configMap, `volume ${mount.name} (mounted at ${mount.mountPath}) is not a ConfigMap volume`);
  assert.equal(volume.configMap.name, b.configMap.metadata.name, "the config volume names another ConfigMap");
  const key = path.slice(mount.mountPath.replace(/\/$/, "").length + 1);
  assert.ok(key in b.configMap.data, `ConfigMap ${b.configMap.metadata.name} has no key ${key}`);
  const settings = YAML.parse(b.configMap.data[key]);
  assert.equal(typeof settings, "object", `${key} is not a YAML mapping`);
  return { path, mount, key, settings };
}

/** A setting as the node gets it: the environment (GRIDKV_*) wins over the file. */
function effectiveSetting(option) {
  const variable = `GRIDKV_${option.toUpperCase().replace(/-/g, "_")}`;
  const env = expandEnv(b.container, TEST_POD);
  if (env[variable] !== undefined) return { value: env[variable], from: `env ${variable}` };
  const { settings, key } = settingsFile();
  return { value: settings[option], from: `${key}` };
}

describe("k8s/base", () => {
  it("runs 3 members, at least backup-count + 1", () => {
    assert.equal(b.statefulSet.spec.replicas, 3);
    const backups = Number(effectiveSetting("backup-count").value ?? 1);
    assert.ok(b.statefulSet.spec.replicas >= backups + 1);
  });

  it("selectors match the pod template's labels (StatefulSet, Services, PDB, anti-affinity)", () => {
    assert.ok(selects(b.statefulSet.spec.selector.matchLabels, podLabels), "StatefulSet selector");
    assert.equal(b.statefulSet.spec.selector.matchExpressions, undefined);
    for (const s of [b.headless, ...b.clients]) {
      assert.ok(selects(s.spec.selector, podLabels), `Service ${s.metadata.name} selects no member pod`);
    }
    assert.ok(selects(b.pdb.spec.selector.matchLabels, podLabels), "PodDisruptionBudget selector");
    const terms = b.pod.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution;
    assert.ok(terms.length > 0, "no preferred anti-affinity");
    for (const t of terms) {
      assert.ok(selects(t.podAffinityTerm.labelSelector.matchLabels, podLabels), "anti-affinity selects no member pod");
      assert.equal(t.podAffinityTerm.topologyKey, "kubernetes.io/hostname");
    }
    assert.equal(b.pod.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution, undefined);
  });

  it("discovers members through a headless Service that publishes not-ready addresses, the StatefulSet's serviceName", () => {
    assert.ok(b.headless, `no Service named ${b.statefulSet.spec.serviceName} (the StatefulSet's serviceName)`);
    assert.equal(b.headless.spec.clusterIP, "None");
    assert.equal(b.headless.spec.publishNotReadyAddresses, true);
  });

  it("serves clients through a Service of ready members only, with the HTTP port", () => {
    assert.ok(b.clients.length >= 1, "no client Service");
    for (const s of b.clients) {
      assert.notEqual(s.spec.clusterIP, "None", `${s.metadata.name} is headless`);
      assert.notEqual(s.spec.publishNotReadyAddresses, true, `${s.metadata.name} would send traffic to unready members`);
    }
    assert.ok(b.clients.some((s) => s.spec.ports.some((p) => containerPort(b.container, p.targetPort ?? p.port)?.name === "http")));
  });

  it("every Service targetPort and probe port is a container port", () => {
    for (const s of [b.headless, ...b.clients]) {
      for (const p of s.spec.ports) {
        const target = p.targetPort ?? p.port;
        const port = containerPort(b.container, target);
        assert.ok(port, `Service ${s.metadata.name} port ${p.name}: targetPort ${target} is no container port`);
        assert.equal(p.protocol ?? "TCP", port.protocol ?? "TCP");
      }
    }
    for (const probe of ["startupProbe", "livenessProbe", "readinessProbe"]) {
      const port = b.container[probe]?.httpGet?.port;
      assert.ok(containerPort(b.container, port), `${probe} port ${port} is no container port`);
    }
  });

  it("probes: live for startup and liveness, ready for readiness", () => {
    assert.equal(b.container.startupProbe.httpGet.path, "/health/live");
    assert.equal(b.container.livenessProbe.httpGet.path, "/health/live");
    assert.equal(b.container.readinessProbe.httpGet.path, "/health/ready");
    const s = b.container.startupProbe;
    assert.ok((s.periodSeconds ?? 10) * (s.failureThreshold ?? 3) >= 120, "startup probe allows less than 2 minutes to join");
  });

  it("the ports of the settings are the container ports the Services and probes use", () => {
    assert.equal(Number(effectiveSetting("http-port").value), containerPort(b.container, "http").containerPort);
    assert.equal(Number(effectiveSetting("cluster-port").value), containerPort(b.container, "hazelcast").containerPort);
    const annotations = b.statefulSet.spec.template.metadata.annotations || {};
    assert.equal(Number(annotations["prometheus.io/port"]), containerPort(b.container, "http").containerPort);
    assert.equal(annotations["prometheus.io/path"], "/metrics");
  });

  it("the node's discovery DNS name is <headless Service>.<namespace>.svc.cluster.local, namespace from the downward API", () => {
    const dns = effectiveSetting("kubernetes-service-dns");
    assert.equal(dns.value, `${b.headless.metadata.name}.${TEST_POD["metadata.namespace"]}.svc.cluster.local`, dns.from);
    assert.equal(effectiveSetting("members").value, undefined, "members and kubernetes-service-dns are exclusive");
  });

  it("members announce the pod's IP", () => {
    assert.equal(envOf("GRIDKV_HOST")?.valueFrom?.fieldRef?.fieldPath, "status.podIP");
  });

  it("runs the node with --config from the ConfigMap, data-dir on the per-pod volume claim", () => {
    const { settings } = settingsFile();
    assert.equal(settings["data-dir"], "/data");
    const dataDir = effectiveSetting("data-dir").value;
    const claim = b.statefulSet.spec.volumeClaimTemplates.find((t) =>
      b.container.volumeMounts.some((m) => m.name === t.metadata.name && m.mountPath === dataDir),
    );
    assert.ok(claim, `no volumeClaimTemplate is mounted at the data-dir ${dataDir}`);
    assert.ok(claim.spec.resources.requests.storage, "the volume claim requests no storage");
    assert.deepEqual(claim.spec.accessModes, ["ReadWriteOnce"]);
    assert.equal(b.container.command, undefined, "command would replace the image's ENTRYPOINT (java -jar)");
  });

  it("loads disk stores after a full restart once a quorum that holds every write is back", () => {
    const expected = Number(effectiveSetting("expected-members").value);
    const backups = Number(effectiveSetting("backup-count").value);
    const replicas = b.statefulSet.spec.replicas;
    assert.ok(expected <= replicas, `expected-members ${expected} > replicas ${replicas}: disk stores would never load`);
    assert.ok(expected >= replicas - backups, `expected-members ${expected} < replicas - backup-count: a write's copies may all be missing`);
  });

  it("gives the graceful shutdown enough time: preStop + HTTP drain + migration wait within the grace period", () => {
    const grace = b.pod.terminationGracePeriodSeconds;
    assert.ok(grace >= 60, `terminationGracePeriodSeconds ${grace} < 60`);
    const preStop = b.container.lifecycle?.preStop?.exec?.command;
    const sleep = preStop && preStop[0] === "sleep" ? Number(preStop[1]) : 0;
    const opts = envOf("JAVA_TOOL_OPTIONS")?.value || "";
    const wait = /-Dhazelcast\.graceful\.shutdown\.max\.wait=(\d+)/.exec(opts);
    assert.ok(wait, "JAVA_TOOL_OPTIONS should bound the graceful shutdown (hazelcast.graceful.shutdown.max.wait)");
    assert.ok(sleep + 5 + Number(wait[1]) <= grace, `${sleep} + 5 + ${wait[1]} s exceeds the grace period ${grace} s`);
  });

  it("PodDisruptionBudget maxUnavailable 1", () => {
    assert.equal(b.pdb.spec.maxUnavailable, 1);
    assert.equal(b.pdb.spec.minAvailable, undefined);
  });

  it("sizes the JVM from the container's memory limit", () => {
    const opts = envOf("JAVA_TOOL_OPTIONS")?.value || "";
    assert.match(opts, /-XX:MaxRAMPercentage=\d+/);
    assert.match(opts, /-XX:\+ExitOnOutOfMemoryError/);
    assert.doesNotMatch(opts, /-Xmx/, "-Xmx would ignore the container limit");
    const { requests, limits } = b.container.resources;
    assert.ok(requests.cpu && requests.memory && limits.memory, "requests (cpu, memory) and a memory limit");
    assert.equal(limits.memory, requests.memory, "memory request = limit: the heap is sized from the limit");
  });

  it("sets no service-link variables: the node reads GRIDKV_* variables as settings", () => {
    assert.equal(b.pod.enableServiceLinks, false);
  });

  it("runs as the Dockerfile's non-root user, on a read-only root with a writable /tmp", () => {
    const dockerfile = readFileSync(join(REPO_DIR, "k8s", "Dockerfile"), "utf8");
    const user = /^USER\s+(\d+)(?::(\d+))?\s*$/m.exec(dockerfile);
    assert.ok(user, "the Dockerfile sets no numeric USER");
    assert.equal(b.pod.securityContext.runAsNonRoot, true);
    assert.equal(b.pod.securityContext.runAsUser, Number(user[1]));
    assert.equal(b.pod.securityContext.fsGroup, Number(user[2] ?? user[1]), "fsGroup makes the volume writable");
    assert.equal(b.container.securityContext.readOnlyRootFilesystem, true);
    assert.ok(b.container.volumeMounts.some((m) => m.mountPath === "/tmp"), "no writable /tmp");
  });

  it("uses the image of this version", { skip: !process.env.GRIDKV_VERSION && "GRIDKV_VERSION is not set" }, () => {
    assert.equal(b.container.image.split(":").pop(), process.env.GRIDKV_VERSION);
  });
});
