// The k6 module's part of MultiToolIT: the concurrency scenario of the module's Node tests (many VUs, each with
// its own openKv handle) against the test's cluster, at the same time as Gatling and JMeter.
//
// Run with the module's k6/http stand-in:
//   node --import ../../../node/src/main/k6/test/support/register.mjs multitool-vus.mjs
// Settings come from the environment: GRIDKV_URL (one node, or several comma-separated), GRIDKV_STORE,
// MULTITOOL_COUNTER, MULTITOOL_POOL (keys pool:1..pool:N), MULTITOOL_VUS, MULTITOOL_ROUNDS.
// Each VU does ROUNDS times: incrementBy(counter, 1), then deleteIfExists of a random pool key (a claim).
//
// Protocol on stdout/stdin: prints "ready" once every handle has answered a call, waits for a line "go" on stdin,
// runs, then prints "increments N", "failures N", "first T", "last T" (epoch millis) and one "claimed KEY" per
// claim won, and exits 0. Failures are printed as "failure NAME: MESSAGE" on stderr.
import { createInterface } from "node:readline";
import { openKv } from "../../../../node/src/main/k6/gridkv.js";

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};
const url = env("GRIDKV_URL");
const store = env("GRIDKV_STORE");
const counter = env("MULTITOOL_COUNTER");
const pool = Number(env("MULTITOOL_POOL"));
const vus = Number(env("MULTITOOL_VUS"));
const rounds = Number(env("MULTITOOL_ROUNDS"));

const handles = Array.from({ length: vus }, () => openKv({ url, store, trackKeys: true }));
await Promise.all(handles.map((kv) => kv.exists("pool:1"))); // store open, connections made

const lines = createInterface({ input: process.stdin });
const go = new Promise((resolve, reject) => {
  lines.on("line", (line) => line.trim() === "go" && resolve());
  lines.on("close", () => reject(new Error("stdin closed before go")));
});
console.log("ready");
await go;
lines.close();

let increments = 0;
let failures = 0;
let first = Infinity;
let last = 0;
const claimed = [];

async function call(operation) {
  first = Math.min(first, Date.now());
  try {
    await operation();
  } catch (e) {
    failures++;
    console.error(`failure ${e && e.name}: ${e && e.message}`);
  }
  last = Math.max(last, Date.now());
}

await Promise.all(
  handles.map(async (kv) => {
    for (let i = 0; i < rounds; i++) {
      await call(async () => {
        await kv.incrementBy(counter, 1);
        increments++;
      });
      const key = `pool:${1 + Math.floor(Math.random() * pool)}`;
      await call(async () => {
        if (await kv.deleteIfExists(key)) claimed.push(key);
      });
    }
    kv.close();
  }),
);

const out = [`increments ${increments}`, `failures ${failures}`, `first ${first}`, `last ${last}`];
for (const key of claimed) out.push(`claimed ${key}`);
process.stdout.write(out.join("\n") + "\n");
