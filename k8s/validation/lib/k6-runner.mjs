// One k6-operator runner, simulated under Node (run with `node --import ./lib/k6/register.mjs`): loads the script
// with __ENV, runs setup() (every runner does, under the k6-operator), its share of the iterations on its share of
// the VUs, then teardown(), and prints what happened as one JSON line.
//
// Environment: K6_SCRIPT (path), K6_ENV (JSON of __ENV), K6_SEGMENT ("i/n": this is runner i of n, from 0),
// K6_EXTRA_ITERATIONS (more iterations than the script's options give this runner, to test running out).
import { pathToFileURL } from "node:url";

globalThis.__ENV = JSON.parse(process.env.K6_ENV || "{}");
const script = await import(pathToFileURL(process.env.K6_SCRIPT).href);

// The share of a shared-iterations scenario that k6 gives execution segment i of n (equal segments).
const [index, count] = (process.env.K6_SEGMENT || "0/1").split("/").map(Number);
const scenarios = Object.values(script.options?.scenarios || {});
if (scenarios.length !== 1 || scenarios[0].executor !== "shared-iterations") {
  throw new Error("the simulated runner knows one shared-iterations scenario only");
}
const share = (total) => Math.floor(((index + 1) * total) / count) - Math.floor((index * total) / count);
const iterations = share(scenarios[0].iterations) + Number(process.env.K6_EXTRA_ITERATIONS || 0);
const vus = Math.max(1, share(scenarios[0].vus));

const result = { iterations: 0, aborted: null, errors: [], checks: [] };
// k6 hands setup()'s result to each VU as a JSON copy.
const data = JSON.parse(JSON.stringify((await script.setup?.()) ?? null));
let next = 0;
let stop = false;
async function vu() {
  while (!stop && next < iterations) {
    next++;
    try {
      await script.default(data);
      result.iterations++;
    } catch (err) {
      if (err && err.name === "TestAbort") {
        stop = true;
        result.aborted = err.message;
      } else {
        result.errors.push(err && err.message ? err.message : JSON.stringify(err));
      }
    }
  }
}
await Promise.all(Array.from({ length: vus }, vu));
await script.teardown?.(data);
result.checks = globalThis.__checks;
process.stdout.write(`${JSON.stringify(result)}\n`);
