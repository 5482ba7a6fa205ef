// Small assertions shared by the suites.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { requests } from "k6/http";

/** Every async method with arguments that would be valid. */
export const CALLS = {
  get: ["k"], set: ["k", 1], delete: ["k"], exists: ["k"], clear: [], size: [], incrementBy: ["k", 1],
  getOrSet: ["k", 1], swap: ["k", 1], compareAndSwap: ["k", null, 1], setIfAbsent: ["k", 1],
  deleteIfExists: ["k"], compareAndDelete: ["k", 1], list: [], listKeys: [], scan: [], scanKeys: [],
  count: [], randomKey: [], randomKeys: [{ count: 1 }], rebuildKeyList: [],
};

/** The methods that change a key: each call sends an Idempotency-Key of its own. */
export const MUTATIONS = [
  "set", "delete", "incrementBy", "getOrSet", "swap", "compareAndSwap", "setIfAbsent", "deleteIfExists",
  "compareAndDelete",
];

/** A store of its own for each test, so tests never see each other's keys. */
export function uniqueStore(label = "t") {
  return `${label}-${randomBytes(6).toString("hex")}`;
}

/** xk6-kv errors are plain {name, message} objects, not Error instances. */
export function assertKvError(err, name) {
  assert.equal(Object.getPrototypeOf(err), Object.prototype, `expected a plain object, got ${err}`);
  assert.deepEqual(Object.keys(err), ["name", "message"]);
  assert.equal(err.name, name, `expected ${name}, got ${err.name}: ${err.message}`);
  assert.equal(typeof err.message, "string");
  return err;
}

/** Awaits `promise`, which must reject with a KvError named `name`; returns the error. */
export async function rejectsWith(promise, name) {
  assert.ok(promise instanceof Promise, "the method must return a Promise, not throw");
  let result;
  try {
    result = await promise;
  } catch (err) {
    return assertKvError(err, name);
  }
  assert.fail(`expected a ${name} rejection, got a result: ${JSON.stringify(result)}`);
}

/** Calls `fn`, which must throw a KvError named `name`. */
export function throwsWith(fn, name) {
  try {
    fn();
  } catch (err) {
    return assertKvError(err, name);
  }
  assert.fail(`expected ${name} to be thrown`);
}

/** Runs `fn` and returns the requests the module made meanwhile (from the k6/http stand-in). */
export async function requestsDuring(fn) {
  const before = requests.length;
  await fn();
  return requests.slice(before);
}

/** The operation a recorded request was for: the last path segment. */
export function opOf(request) {
  return request.url.slice(request.url.lastIndexOf("/") + 1);
}
