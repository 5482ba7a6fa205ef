// The gridkv node jar (GRIDKV_NODE_JAR): its options as --help prints them, and members started on loopback the way
// the StatefulSet starts its pods.
import { spawn, spawnSync } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";

function java() {
  return process.env.JAVA_HOME ? join(process.env.JAVA_HOME, "bin", "java") : "java";
}

function checkJar(jar) {
  if (!existsSync(jar)) {
    throw new Error(`GRIDKV_NODE_JAR=${jar} does not exist: build it first (mvn -B -DskipTests package -pl node -am)`);
  }
}

/** Runs the jar to completion: {status, stdout, stderr}. */
export function runJar(jar, args, env = {}) {
  checkJar(jar);
  const r = spawnSync(java(), ["-jar", jar, ...args], {
    encoding: "utf8",
    env: { ...process.env, ...env },
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * The node's settings from `--help`: option name (without --) → its environment variable. Only options whose help
 * names a GRIDKV_* variable are settings (the ones a --config file and the environment may give).
 */
export function nodeSettings(jar) {
  const { status, stdout, stderr } = runJar(jar, ["--help"]);
  if (status !== 0) throw new Error(`java -jar ${jar} --help exited ${status}: ${stderr}`);
  const settings = new Map();
  // Each option's block starts with its name, indented; its description may wrap over several lines.
  const blocks = stdout.split(/\n(?=\s{2,}(?:-\w, )?--[a-z])/);
  for (const block of blocks) {
    const name = /^\s*(?:-\w, )?--([a-z][a-z0-9-]*)/.exec(block);
    const variable = /Env\s+(GRIDKV_[A-Z0-9_]+)/.exec(block.replace(/\s+/g, " "));
    if (name && variable) settings.set(name[1], variable[1]);
  }
  return settings;
}

/** A TCP port free on every given address (the members bind the same port on different loopback addresses). */
export async function portFreeOn(hosts) {
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await listenAndClose(hosts[0], 0);
    let free = true;
    for (const host of hosts.slice(1)) {
      if ((await listenAndClose(host, port).catch(() => null)) === null) free = false;
    }
    if (free) return port;
  }
  throw new Error(`no port free on all of ${hosts}`);
}

function listenAndClose(host, port) {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(port, host, () => {
      const chosen = server.address().port;
      server.close(() => resolve(chosen));
    });
  });
}

/** Nodes still running; killed when the test process exits, whatever happened. */
const running = new Set();
process.on("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

/**
 * Starts one member: `java -jar jar ...args` with `env` (the pod's environment), output to `log`.
 * @returns {{child, log, exited: Promise<{code, signal}>, stop: (signal?) => Promise<{code, signal}>}}
 */
export function startMember({ jar, args, env, log, cwd }) {
  checkJar(jar);
  mkdirSync(cwd, { recursive: true });
  const out = openSync(log, "w");
  const child = spawn(java(), ["-jar", jar, ...args], {
    cwd,
    env: { PATH: process.env.PATH, ...(process.env.JAVA_HOME ? { JAVA_HOME: process.env.JAVA_HOME } : {}), ...env },
    stdio: ["ignore", out, out],
  });
  closeSync(out);
  running.add(child);
  const exited = new Promise((resolve) => {
    child.on("exit", (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    });
  });
  return {
    child,
    log,
    exited,
    stop(signal = "SIGTERM") {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/**
 * Waits until GET url answers 200 with a JSON body for which `accept(body)` holds; returns the body. With `settleMs`,
 * gives up that long after the first 200 answer that is not accepted (a member that answers has finished joining:
 * one that stays in the wrong cluster will not leave it soon).
 */
export async function waitFor(url, accept, { timeoutMs, member, settleMs }) {
  let deadline = Date.now() + timeoutMs;
  let last = "no answer";
  let settling = false;
  while (Date.now() < deadline) {
    if (member && member.child.exitCode !== null) {
      throw new Error(`the member exited (${member.child.exitCode}) before ${url} was ready:\n${tail(member.log)}`);
    }
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(3000) });
      const text = await res.text();
      last = `${res.status} ${text}`;
      if (res.status === 200 && accept(JSON.parse(text))) return JSON.parse(text);
      if (res.status === 200 && settleMs && !settling) {
        settling = true;
        deadline = Math.min(deadline, Date.now() + settleMs);
      }
    } catch (err) {
      last = String(err.cause?.code || err.message);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const what = settling ? `answers, but not as expected after ${settleMs} ms` : `not ready after ${timeoutMs} ms`;
  throw new Error(`${url}: ${what} (last: ${last})${member ? `\n${tail(member.log)}` : ""}`);
}

export function tail(file, lines = 30) {
  try {
    return readFileSync(file, "utf8").split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}
