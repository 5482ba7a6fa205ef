// Stand-in for "k6": check() records every result in globalThis.__checks; sleep() blocks, as k6's does.
globalThis.__checks = globalThis.__checks || [];

export function check(value, sets) {
  let all = true;
  for (const [name, fn] of Object.entries(sets)) {
    let ok;
    try {
      ok = Boolean(typeof fn === "function" ? fn(value) : fn);
    } catch {
      ok = false;
    }
    globalThis.__checks.push({ name, ok, value });
    all = all && ok;
  }
  return all;
}

const blocker = new Int32Array(new SharedArrayBuffer(4));
export function sleep(seconds) {
  Atomics.wait(blocker, 0, 0, seconds * 1000);
}

export function fail(message) {
  throw new Error(message);
}

export default { check, sleep, fail };
