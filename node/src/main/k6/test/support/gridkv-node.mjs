// Starts a real gridkv node (the jar the build just made) on free ports, and always stops it.
//
// GRIDKV_NODE_JAR     the node jar (default: ../../../target/gridkv-node.jar, i.e. node/target)
// GRIDKV_TEST_LOG_DIR where the node's output goes (default: beside its temporary data directory)
// JAVA_HOME           java is $JAVA_HOME/bin/java when set, else java on the PATH
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const MODULE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const READY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 15_000;

/** Nodes still running; killed on exit whatever happened to the tests. */
const running = new Set();
process.on("exit", () => {
  for (const node of running) node.child.kill("SIGKILL");
});
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.once(signal, () => {
    for (const node of running) node.child.kill("SIGKILL");
    process.exit(130);
  });
}

/** A port nobody listens on right now: the OS picks it, we release it for the node. */
export function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

function javaCommand() {
  return process.env.JAVA_HOME ? join(process.env.JAVA_HOME, "bin", "java") : "java";
}

function nodeJar() {
  const jar = process.env.GRIDKV_NODE_JAR || resolve(MODULE_DIR, "..", "..", "..", "target", "gridkv-node.jar");
  if (!existsSync(jar)) {
    throw new Error(`gridkv node jar not found at ${jar}: build the node first or set GRIDKV_NODE_JAR`);
  }
  return jar;
}

function tail(file, lines = 40) {
  try {
    return readFileSync(file, "utf8").split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}

/** `count` distinct free ports: each was free when picked, and none is picked twice. */
export async function freePorts(count) {
  const ports = [];
  while (ports.length < count) {
    const port = await freePort();
    if (!ports.includes(port)) ports.push(port);
  }
  return ports;
}

/**
 * Starts one node and waits until GET /health/ready answers 200.
 * Without `members` it is a cluster of its own; `startCluster` passes ports, a shared name and the members.
 * @param {{authToken?: string, httpPort?: number, clusterPort?: number, clusterName?: string, members?: string}} [options]
 * @returns {Promise<GridkvNode>}
 */
export async function startNode(options = {}) {
  const jar = nodeJar();
  const id = randomBytes(4).toString("hex");
  const clusterName = options.clusterName || `k6-module-test-${id}`;
  const dataDir = mkdtempSync(join(tmpdir(), "gridkv-k6-test-"));
  const logDir = process.env.GRIDKV_TEST_LOG_DIR || dataDir;
  mkdirSync(logDir, { recursive: true });
  const log = join(logDir, `gridkv-node-${id}.log`);
  const [httpPort, clusterPort] =
    options.httpPort && options.clusterPort ? [options.httpPort, options.clusterPort] : await freePorts(2);

  const args = ["-Dhazelcast.phone.home.enabled=false"];
  // Members of a test cluster look for each other at once instead of after Hazelcast's default 5 s.
  if (options.members) args.push("-Dhazelcast.wait.seconds.before.join=0");
  args.push("-jar", jar);
  args.push("--http-port", String(httpPort), "--cluster-port", String(clusterPort));
  args.push("--http-host", "127.0.0.1", "--host", "127.0.0.1");
  args.push("--cluster-name", clusterName, "--data-dir", join(dataDir, "data"));
  if (options.members) args.push("--members", options.members);
  if (options.authToken) args.push("--auth-token", options.authToken);

  // The node reads GRIDKV_* variables as defaults for its options, and the build sets some for these
  // tests (GRIDKV_VERSION, GRIDKV_NODE_JAR, ...): the test node is configured by its command line only.
  const childEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("GRIDKV_")));
  const out = openSync(log, "a");
  const child = spawn(javaCommand(), args, { stdio: ["ignore", out, out], env: childEnv });
  closeSync(out);
  let exited = null;
  const exit = new Promise((resolveExit) =>
    child.on("exit", (code, signal) => {
      exited = { code, signal };
      running.delete(node);
      resolveExit(exited);
    }),
  );
  child.on("error", (err) => {
    exited = { code: null, signal: null, error: err };
  });

  const url = `http://127.0.0.1:${httpPort}`;
  /** @type {GridkvNode} */
  const node = {
    child,
    url,
    dataDir: join(dataDir, "data"),
    snapshotDir: join(dataDir, "data", "snapshots"),
    httpPort,
    clusterPort,
    clusterName,
    log,
    /** SIGKILL (kill -9): the process vanishes without handing anything over. Resolves once it is gone. */
    async kill() {
      if (!exited) {
        child.kill("SIGKILL");
        await exit;
      }
    },
    async stop() {
      if (!exited) {
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), STOP_TIMEOUT_MS);
        await exit;
        clearTimeout(timer);
      }
      running.delete(node);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  running.add(node);

  // Bounded polling: a node that exits or never becomes ready fails the run with its log's tail.
  const started = Date.now();
  const deadline = started + READY_TIMEOUT_MS;
  let last = "no answer yet";
  while (Date.now() < deadline) {
    if (exited) {
      await node.stop();
      const why = exited.error ? exited.error.message : `exit code ${exited.code}, signal ${exited.signal}`;
      throw new Error(`gridkv node exited before it was ready (${why}): ${javaCommand()} ${args.join(" ")}\n` +
        `--- ${log} ---\n${tail(log)}`);
    }
    try {
      const res = await fetch(`${url}/health/ready`, { signal: AbortSignal.timeout(2000) });
      last = `HTTP ${res.status} ${await res.text()}`;
      if (res.status === 200) {
        console.log(`gridkv node ready in ${((Date.now() - started) / 1000).toFixed(1)} s at ${url} (log: ${log})`);
        return node;
      }
    } catch (err) {
      last = String(err.cause ? err.cause.message || err.cause : err.message);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  await node.stop();
  throw new Error(`gridkv node not ready within ${READY_TIMEOUT_MS / 1000} s (last: ${last}); ` +
    `${javaCommand()} ${args.join(" ")}\n--- ${log} ---\n${tail(log)}`);
}

/**
 * @typedef {{child: import("node:child_process").ChildProcess, url: string, dataDir: string, snapshotDir: string,
 *   httpPort: number, clusterPort: number, clusterName: string, log: string, kill: () => Promise<void>,
 *   stop: () => Promise<void>}} GridkvNode
 */

/**
 * Starts `count` nodes that form one cluster (each is given every member's address, as the e2e tests do) and
 * waits until each is ready and sees all `count` members in GET /v1/stats. One after the other: members
 * started together wait about 5 s for each other before one claims mastership, so this is faster.
 * On failure every node is stopped.
 * @param {number} count
 * @param {{authToken?: string}} [options]
 * @returns {Promise<GridkvNode[]>}
 */
export async function startCluster(count, options = {}) {
  const ports = await freePorts(2 * count);
  const clusterName = `k6-module-test-${randomBytes(4).toString("hex")}`;
  const members = ports.slice(count).map((port) => `127.0.0.1:${port}`).join(",");
  /** @type {GridkvNode[]} */
  const nodes = [];
  try {
    for (let i = 0; i < count; i++) {
      nodes.push(await startNode({ ...options, httpPort: ports[i], clusterPort: ports[count + i], clusterName, members }));
    }
    const headers = options.authToken ? { Authorization: `Bearer ${options.authToken}` } : {};
    const deadline = Date.now() + READY_TIMEOUT_MS;
    for (const node of nodes) {
      let seen = "no answer yet";
      for (;;) {
        try {
          const res = await fetch(`${node.url}/v1/stats`, { headers, signal: AbortSignal.timeout(2000) });
          const members = (await res.json()).result.members;
          seen = JSON.stringify(members);
          if (members.length === count) break;
        } catch (err) {
          seen = String(err.message);
        }
        if (Date.now() > deadline) {
          throw new Error(`${node.url} does not see ${count} members within ${READY_TIMEOUT_MS / 1000} s: ` +
            `${seen}\n--- ${node.log} ---\n${tail(node.log)}`);
        }
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    return nodes;
  } catch (err) {
    await Promise.all(nodes.map((node) => node.stop()));
    throw err;
  }
}
