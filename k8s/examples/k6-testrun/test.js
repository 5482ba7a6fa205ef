// Unique test users for a distributed k6 test: every iteration of every runner logs in as a user that no other
// iteration, on any runner, gets. The pool lives in gridkv; one counter, incremented atomically on its owner, hands
// out user numbers 1, 2, 3... across all runners of the k6-operator TestRun (parallelism: 4).
//
// Runs as /test/test.js in each runner pod, beside /test/gridkv.js (both come from the ConfigMap of this folder's
// kustomization: k6 imports only local files or https:// URLs, so the module travels with the script).
import { check, sleep } from "k6";
import exec from "k6/execution";
import { openKv } from "./gridkv.js";

// The TestRun's runner.env sets these; the defaults suit a k6 run next to a port-forward.
const POOL_SIZE = parseInt(__ENV.POOL_SIZE || "1000", 10);
// How many runners share the test (the TestRun's parallelism): the last one to finish clears the store.
const RUNNERS = parseInt(__ENV.RUNNERS || "1", 10);

// The client Service of k8s/base, in the runners' namespace. openKv makes no request: the store opens on first use.
const kv = openKv({
  url: __ENV.GRIDKV_URL || "http://127.0.0.1:7070",
  store: __ENV.GRIDKV_STORE || "k6-unique-users",
});

export const options = {
  scenarios: {
    users: {
      // Exactly POOL_SIZE iterations in the whole test: k6-operator gives each runner its segment (a quarter of the
      // VUs and of the iterations), so the pool is used up exactly when the test ends.
      executor: "shared-iterations",
      vus: 20,
      iterations: POOL_SIZE,
      maxDuration: "10m",
    },
  },
  // Loading the pool takes one request per user.
  setupTimeout: "120s",
  thresholds: {
    checks: ["rate==1"],
  },
};

/** A test user; a real test would read these from a file (SharedArray) or create them in the system under test. */
function makeUser(n) {
  return { id: n, login: `user${n}`, password: `secret-${n}` };
}

// k6-operator runs setup() in every runner, not once per test. Whichever runner wins "pool-loaded" loads the pool
// and then marks it ready; the others wait for that mark. So the pool is loaded once however many runners start.
export async function setup() {
  if (await kv.setIfAbsent("pool-loaded", true)) {
    for (let first = 1; first <= POOL_SIZE; first += 100) {
      const writes = [];
      for (let n = first; n < first + 100 && n <= POOL_SIZE; n++) {
        writes.push(kv.set(`user:${n}`, makeUser(n)));
      }
      await Promise.all(writes);
    }
    await kv.set("pool-ready", POOL_SIZE);
  } else {
    const deadline = Date.now() + 110 * 1000;
    while (!(await kv.exists("pool-ready"))) {
      if (Date.now() > deadline) {
        throw new Error("the user pool was not loaded in time: did the runner that started loading it fail?");
      }
      sleep(0.2);
    }
  }
  return { poolSize: await kv.get("pool-ready") };
}

export default async function (data) {
  // 1, 2, 3... across every VU of every runner: incrementBy is atomic (and applied once, even when retried).
  const n = await kv.incrementBy("next-user", 1);
  if (n > data.poolSize) {
    // Only when the store still holds the counter of an earlier run (or more iterations were asked than users exist).
    exec.test.abort(`user pool exhausted: user ${n} asked, ${data.poolSize} in the pool (clear store or new GRIDKV_STORE)`);
  }
  const user = await kv.get(`user:${n}`);
  check(user, { "got a user of the pool": (u) => u !== null && u.id === n });
  // ... here the test logs in to the system under test as user.login / user.password ...
}

// teardown() also runs in every runner. The last runner to finish clears the store, so the test can run again.
export async function teardown() {
  const finished = await kv.incrementBy("runners-finished", 1);
  if (finished === RUNNERS) {
    await kv.clear();
  }
}
