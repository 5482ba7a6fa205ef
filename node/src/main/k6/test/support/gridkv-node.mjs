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

/**
 * Starts one node and waits until GET /health/ready answers 200.
 * @param {{authToken?: string}} [options]
 * @returns {Promise<{url: string, httpPort: number, clusterName: string, log: string, stop: () => Promise<void>}>}
 */
export async function startNode(options = {}) {
  const jar = nodeJar();
  const id = randomBytes(4).toString("hex");
  const clusterName = `k6-module-test-${id}`;
  const dataDir = mkdtempSync(join(tmpdir(), "gridkv-k6-test-"));
  const logDir = process.env.GRIDKV_TEST_LOG_DIR || dataDir;
  mkdirSync(logDir, { recursive: true });
  const log = join(logDir, `gridkv-node-${id}.log`);
  const httpPort = await freePort();
  let clusterPort = await freePort();
  while (clusterPort === httpPort) clusterPort = await freePort(); // both were free, one after the other

  const args = ["-Dhazelcast.phone.home.enabled=false", "-jar", jar];
  args.push("--http-port", String(httpPort), "--cluster-port", String(clusterPort));
  args.push("--http-host", "127.0.0.1", "--host", "127.0.0.1");
  args.push("--cluster-name", clusterName, "--data-dir", join(dataDir, "data"));
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
  const node = {
    child,
    url,
    httpPort,
    clusterName,
    log,
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
