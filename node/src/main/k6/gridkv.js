// gridkv for k6: xk6-kv's openKv() API, backed by a gridkv cluster instead of one k6 process.
//
// A script written for xk6-kv runs unchanged once its import line points here. Each method is one
// POST to a gridkv node (docs/http-api.md), sent again, to the next node of the handle's list, when it failed
// in a way another attempt may mend (retryAfter) — all but backup and restore, whose snapshot files belong to
// one node (FIRST_NODE_ONLY). Resending cannot apply a call twice: every mutating call
// carries an Idempotency-Key of its own, the same on each attempt, and a node answers a key it already applied
// with the first result (operationIds). The node owns every decision about the data. This file
// only refuses, before any request, what xk6-kv refuses before touching its store (argument types,
// deltas, values JSON cannot carry), so a bad call fails with the same name and costs no round trip.
//
// It runs in k6's JavaScript runtime, not Node: ECMAScript built-ins and k6/http only.

import http from "k6/http";

/** @typedef {import("./gridkv").KV} KV */
/** @typedef {import("./gridkv").KvError} KvError */
/** @typedef {import("./gridkv").KvErrorName} KvErrorName */
/** @typedef {import("./gridkv").OpenKvOptions} OpenKvOptions */

const DEFAULT_URL = "http://127.0.0.1:7070";
const DEFAULT_STORE = "default";
const DEFAULT_TIMEOUT = "60s";

// 2^63: the first number past int64, exactly representable as a double.
const INT64_LIMIT = 9223372036854775808;

// Typed 4xx answers (KeyNotFoundError, ValueParseError, KVOptionsConflictError, ...) are results the script
// asked for, so they must not count in the user's http_req_failed rate. Made once: k6 allows it in
// the init context and every request can share it.
const EXPECTED_STATUSES =
  typeof http.expectedStatuses === "function" ? http.expectedStatuses({ min: 200, max: 499 }) : undefined;

/**
 * xk6-kv rejects with plain objects, not Error instances; scripts compare `err.name`.
 * @param {KvErrorName} name
 * @param {string} message
 * @returns {KvError}
 */
function kvError(name, message) {
  return { name, message };
}

/** @param {unknown} value */
function show(value) {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number") return String(value);
  return typeof value;
}

/** @param {string} name */
function env(name) {
  // __ENV exists only inside k6; the module must also load under plain ES runtimes (tests, type checks).
  return typeof __ENV !== "undefined" && __ENV && __ENV[name] ? __ENV[name] : undefined;
}

// ---------------------------------------------------------------------------------------------------
// openKv options: the same checks as xk6-kv, thrown synchronously as {name, message}.

/** @param {string} message */
function invalidOptions(message) {
  return kvError("InvalidOptionsError", message);
}

/**
 * Nullish means "not given", as in xk6-kv (goja exports both as nil).
 * @param {unknown} value
 */
function given(value) {
  return value !== undefined && value !== null;
}

/**
 * @param {unknown} value
 * @returns {value is Record<string, any>}
 */
function isPlainObject(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * @param {Record<string, any>} object
 * @param {string} path
 * @param {string} field
 * @param {"boolean" | "string"} type
 */
function checkType(object, path, field, type) {
  const value = object[field];
  if (given(value) && typeof value !== type) {
    throw invalidOptions(`openKv ${path}${field} must be a ${type}; got ${show(value)}`);
  }
}

/**
 * @param {Record<string, any>} object
 * @param {string} path
 * @param {string} field
 * @returns {Record<string, any>}
 */
function checkObject(object, path, field) {
  const value = object[field];
  if (given(value) && !isPlainObject(value)) {
    throw invalidOptions(`openKv ${path}${field} must be an object; got ${show(value)}`);
  }
  return given(value) ? value : {};
}

// Go's time.ParseDuration grammar: "300ms", "1.5h", "2h45m", "-1s"; a bare "0" is the only unitless form.
const GO_DURATION = /^[-+]?(0|((\d+\.?\d*|\.\d+)(ns|us|\u00b5s|\u03bcs|ms|s|m|h))+)$/;

// go-humanize ParseBytes: a number (commas allowed), optional spaces, an SI or IEC unit in any case.
const SIZE = /^([\d.,]+)\s*([a-zA-Z]*)\s*$/;
const SIZE_UNITS = ["", "b", "k", "kb", "ki", "kib", "m", "mb", "mi", "mib", "g", "gb", "gi", "gib"]
  .concat(["t", "tb", "ti", "tib", "p", "pb", "pi", "pib", "e", "eb", "ei", "eib"]);

/** @param {unknown} value */
function isWholeNonNegative(value) {
  return typeof value === "number" && Number.isInteger(value) && value >= 0;
}

/**
 * xk6-kv checks the bbolt knobs only for the disk backend; a memory store ignores them.
 * @param {Record<string, any>} disk
 */
function checkDiskOptions(disk) {
  const timeout = disk.timeout;
  if (given(timeout)) {
    const ok = typeof timeout === "string" ? GO_DURATION.test(timeout) : isWholeNonNegative(timeout);
    if (!ok) {
      throw invalidOptions(`openKv disk.timeout must be whole milliseconds or a Go duration; got ${show(timeout)}`);
    }
  }
  const size = disk.initialMmapSize;
  if (given(size)) {
    let ok = isWholeNonNegative(size);
    if (typeof size === "string") {
      const match = SIZE.exec(size);
      ok = !!match && /^(\d+\.?\d*|\.\d+)$/.test(match[1].replace(/,/g, "")) &&
        SIZE_UNITS.indexOf(match[2].toLowerCase()) >= 0;
    }
    if (!ok) {
      throw invalidOptions(`openKv disk.initialMmapSize must be whole bytes or a size like "64MiB"; got ${show(size)}`);
    }
  }
  for (const flag of ["noSync", "noGrowSync", "noFreelistSync", "preLoadFreelist", "readOnly", "mlock"]) {
    checkType(disk, "disk.", flag, "boolean");
  }
  const freelist = disk.freelistType;
  if (given(freelist) && (typeof freelist !== "string" || ["", "array", "map"].indexOf(freelist.toLowerCase()) < 0)) {
    throw invalidOptions(`openKv disk.freelistType must be "", "array" or "map"; got ${show(freelist)}`);
  }
}

/**
 * The nodes a handle may call: one address, several separated by commas, or an array of addresses.
 * @param {unknown} url
 * @returns {string[]}
 */
function nodeUrls(url) {
  const list = typeof url === "string" ? url.split(",") : Array.isArray(url) ? url : null;
  const bad = () =>
    invalidOptions(
      "openKv url must be an http:// or https:// address, several separated by commas, or an array of them; " +
        `got ${show(url)}`,
    );
  if (!list || list.length === 0) throw bad();
  return list.map((entry) => {
    const address = typeof entry === "string" ? entry.trim() : entry;
    if (typeof address !== "string" || !/^https?:\/\/[^/,\s]+/.test(address)) throw bad();
    return address.replace(/\/+$/, "");
  });
}

/**
 * @param {unknown} options
 */
function readOptions(options) {
  if (!given(options)) options = {};
  if (!isPlainObject(options)) {
    throw invalidOptions(`openKv options must be an object, null, or undefined; got ${show(options)}`);
  }

  // gridkv's default is "memory", not xk6-kv's "disk": a memory store already keeps a synchronous backup
  // on another host and outlives every k6 run; "disk" adds a synced write to the owner's LevelDB per write.
  const backend = given(options.backend) ? options.backend : "memory";
  if (backend !== "memory" && backend !== "disk") {
    throw kvError("InvalidBackendError", `invalid backend: ${show(backend)}; valid values are: "memory", "disk"`);
  }
  const serialization = given(options.serialization) ? options.serialization : "json";
  if (serialization !== "json" && serialization !== "string") {
    throw kvError(
      "InvalidSerializationError",
      `invalid serialization: ${show(serialization)}; valid values are: "json", "string"`,
    );
  }
  checkType(options, "", "trackKeys", "boolean");
  checkType(options, "", "path", "string");

  const memory = checkObject(options, "", "memory");
  const shardCount = memory.shardCount;
  if (given(shardCount) && !(typeof shardCount === "number" && Number.isInteger(shardCount))) {
    throw invalidOptions(`openKv memory.shardCount must be an integer; got ${show(shardCount)}`);
  }
  const disk = checkObject(options, "", "disk");
  if (backend === "disk") checkDiskOptions(disk);
  checkType(checkObject(options, "", "metrics"), "metrics.", "operations", "boolean");

  const urls = nodeUrls(given(options.url) ? options.url : env("GRIDKV_URL") || DEFAULT_URL);
  const store = given(options.store) ? options.store : env("GRIDKV_STORE") || DEFAULT_STORE;
  if (typeof store !== "string" || store === "") {
    throw invalidOptions(`openKv store must be a non-empty string; got ${show(store)}`);
  }
  const authToken = given(options.authToken) ? options.authToken : env("GRIDKV_AUTH_TOKEN") || "";
  if (typeof authToken !== "string") {
    throw invalidOptions(`openKv authToken must be a string; got ${show(authToken)}`);
  }
  const timeout = given(options.timeout) ? options.timeout : DEFAULT_TIMEOUT;
  if (!(typeof timeout === "string" && timeout !== "") && !isWholeNonNegative(timeout)) {
    throw invalidOptions(`openKv timeout must be a duration like "60s" or milliseconds; got ${show(timeout)}`);
  }

  return {
    backend,
    // The bbolt knobs LevelDB has a counterpart for; the others are checked and have no effect.
    disk: backend === "disk" ? { noSync: disk.noSync === true, readOnly: disk.readOnly === true } : undefined,
    serialization,
    trackKeys: options.trackKeys === true,
    urls,
    store,
    authToken,
    timeout,
  };
}

// ---------------------------------------------------------------------------------------------------
// Arguments: what xk6-kv refuses before its store sees the call.

/**
 * Strict like xk6-kv, which exports the key and requires a Go string: a number is refused, not coerced.
 * @param {string} op
 * @param {unknown} key
 */
function keyArg(op, key) {
  if (typeof key !== "string") throw invalidOptions(`${op} key must be a string; got ${show(key)}`);
  return key;
}

/** @param {unknown} delta */
function deltaArg(delta) {
  if (typeof delta !== "number" || !Number.isInteger(delta) || delta < -INT64_LIMIT || delta >= INT64_LIMIT) {
    throw kvError("ValueNumberRequiredError", `delta must be an integral number within int64; got ${show(delta)}`);
  }
  return delta;
}

/**
 * Exact decimal digits of an integral number below 2^63 in magnitude. String() rounds past 2^53
 * (-2^63 prints as "-9223372036854776000", outside int64), and the node parses the delta's digits as
 * an int64, where xk6-kv converts the double itself.
 * @param {number} n
 */
function integerText(n) {
  if (Number.isSafeInteger(n)) return String(n);
  const abs = Math.abs(n);
  // abs = hi * 2^32 + lo exactly (dividing by a power of two is exact); then schoolbook multiplication
  // in base 10^7, whose limbs and products stay safe integers.
  const hi = Math.floor(abs / 4294967296);
  const lo = abs % 4294967296;
  const BASE = 1e7;
  const h = [hi % BASE, Math.floor(hi / BASE)];
  const m = [4967296, 429]; // 2^32 = 429 * 10^7 + 4967296
  const limbs = [h[0] * m[0] + (lo % BASE), h[0] * m[1] + h[1] * m[0] + Math.floor(lo / BASE), h[1] * m[1], 0];
  for (let i = 0; i < 3; i++) {
    limbs[i + 1] += Math.floor(limbs[i] / BASE);
    limbs[i] %= BASE;
  }
  let text = String(limbs[3]) + String(limbs[2]).padStart(7, "0") + String(limbs[1]).padStart(7, "0") +
    String(limbs[0]).padStart(7, "0");
  text = text.replace(/^0+/, "");
  return (n < 0 ? "-" : "") + text;
}

/**
 * Copies only the named fields: the node refuses unknown arguments, while xk6-kv ignores them.
 * @param {string} op
 * @param {unknown} options
 * @param {string[]} fields
 */
function optionsArg(op, options, fields) {
  /** @type {Record<string, unknown>} */
  const args = {};
  if (!given(options)) return args;
  if (!isPlainObject(options)) {
    throw invalidOptions(`${op} options must be an object, null, or undefined; got ${show(options)}`);
  }
  for (const field of fields) {
    const value = options[field];
    if (!given(value)) continue;
    // JSON would turn these into null, which the node reads as "not given".
    if (typeof value === "number" && !Number.isFinite(value)) {
      throw invalidOptions(`${op} options.${field} must be a finite number; got ${show(value)}`);
    }
    args[field] = value;
  }
  return args;
}

/** @param {string} message */
function serializerError(message) {
  return kvError("SerializerError", message);
}

// JSON.stringify would quietly turn these into null or drop them; Go's encoder (xk6-kv) refuses them.
/**
 * @param {string} _key
 * @param {unknown} value
 */
function jsonValue(_key, value) {
  switch (typeof value) {
    case "undefined":
      return null; // goja exports undefined as nil: {a: undefined} is {"a": null}, as in xk6-kv
    case "number":
      if (!Number.isFinite(value)) throw serializerError(`json: unsupported value: ${goFloat(value)}`);
      return value;
    case "function":
    case "symbol":
    case "bigint":
      throw serializerError(`json: unsupported type: ${typeof value}`);
  }
  return value;
}

// Under "string" the node formats every non-string as Go's %v, which prints non-finite numbers as words.
/**
 * @param {string} _key
 * @param {unknown} value
 */
function stringValue(_key, value) {
  switch (typeof value) {
    case "undefined":
      return null;
    case "number":
      return Number.isFinite(value) ? value : goFloat(value);
    case "bigint":
      return String(value);
    case "function":
    case "symbol":
      throw serializerError(`cannot store a ${typeof value}`);
  }
  return value;
}

/** @param {any} err */
function messageOf(err) {
  return String(err && err.message ? err.message : err);
}

/** @param {number} value */
function goFloat(value) {
  return value !== value ? "NaN" : value > 0 ? "+Inf" : "-Inf";
}

/**
 * @param {Record<string, unknown>} args
 * @param {string} serialization
 */
function encodeBody(args, serialization) {
  try {
    return JSON.stringify(args, serialization === "string" ? stringValue : jsonValue);
  } catch (err) {
    // A cycle (or a throwing toJSON) surfaces as an Error from JSON.stringify; ours are plain objects.
    if (err instanceof Error) throw serializerError(`cannot encode value: ${err.message}`);
    throw err;
  }
}

// ---------------------------------------------------------------------------------------------------
// The methods: how each one's JavaScript arguments become the operation's named arguments
// (docs/http-api.md). A builder throws {name, message} for what xk6-kv refuses before its store.

/** @typedef {(op: string, ...args: any[]) => Record<string, unknown> | string} Arguments */
/** @typedef {Exclude<keyof KV, "close">} Method */

/** @type {Arguments} */
const byKey = (op, key) => ({ key: keyArg(op, key) });
/** @type {Arguments} */
const byKeyValue = (op, key, value) => ({ key: keyArg(op, key), value });
/** @type {Arguments} */
const nothing = () => ({});
/** @param {string[]} fields @returns {Arguments} */
const byOptions = (...fields) => (op, options) => optionsArg(op, options, fields);

/** @type {Record<Method, Arguments>} */
const METHODS = {
  get: byKey,
  set: byKeyValue,
  delete: byKey,
  exists: byKey,
  clear: nothing,
  size: nothing,
  // Written as text so the delta's exact digits reach the node (see integerText).
  incrementBy: (op, key, delta) => `{"key":${JSON.stringify(keyArg(op, key))},"delta":${integerText(deltaArg(delta))}}`,
  getOrSet: byKeyValue,
  swap: byKeyValue,
  // A null/undefined old value means "only if absent", which the node reads from a missing oldValue.
  compareAndSwap: (op, key, oldValue, newValue) =>
    given(oldValue) ? { key: keyArg(op, key), oldValue, newValue } : { key: keyArg(op, key), newValue },
  setIfAbsent: byKeyValue,
  deleteIfExists: byKey,
  // Here null/undefined is a value, the JSON null, and matches a stored null.
  compareAndDelete: (op, key, oldValue) => ({ key: keyArg(op, key), oldValue: given(oldValue) ? oldValue : null }),
  list: byOptions("prefix", "limit"),
  listKeys: byOptions("prefix", "limit"),
  scan: byOptions("prefix", "limit", "cursor"),
  scanKeys: byOptions("prefix", "limit", "cursor"),
  count: byOptions("prefix"),
  randomKey: byOptions("prefix"),
  randomKeys: byOptions("prefix", "count", "unique"),
  rebuildKeyList: nothing,
  backup: byOptions("fileName", "allowConcurrentWrites"),
  restore: byOptions("fileName", "maxEntries", "maxBytes"),
};

// A snapshot is a file of the node that writes or reads it (in <data-dir>/snapshots): backup and restore always
// go to the handle's first node, once. Sent to another node, or sent again after an unknown outcome, a backup
// would land in another node's directory and a restore could load another node's older snapshot of that name.
/** @type {Partial<Record<Method, true>>} */
const FIRST_NODE_ONLY = { backup: true, restore: true };

// The calls that change a key: each sends an Idempotency-Key, so a node that already applied it (its answer
// was lost, or it timed out) answers a resend with the first result instead of applying it again: a second
// incrementBy would add its delta twice, a second setIfAbsent would answer false. The others need none:
// reads change nothing, and the node keeps no per-key memory of clear and rebuildKeyList, which leave the
// same state however often they run.
/** @type {Partial<Record<Method, true>>} */
const MUTATIONS = {
  set: true,
  delete: true,
  incrementBy: true,
  getOrSet: true,
  swap: true,
  compareAndSwap: true,
  setIfAbsent: true,
  deleteIfExists: true,
  compareAndDelete: true,
};

const IDEMPOTENCY_KEY = "Idempotency-Key";
const RESEND = "Gridkv-Resend";

/** 32 random bits in base 36, always 7 digits (2^32 - 1 is "1z141z3"). */
function randomWord() {
  return Math.floor(Math.random() * 4294967296).toString(36).padStart(7, "0");
}

// This VU's part of every Idempotency-Key: 96 random bits, the VU and the time. Drawn as the module is
// evaluated, before the script's own code runs, so a script calling k6's randomSeed() (which makes
// Math.random repeat on every VU and host) cannot make two VUs draw the same bits; the VU number and
// the time separate VUs even then. Each handle adds its number and each call its sequence number
// (operationIds). A key must never repeat across VUs and load generators: a node would answer the second
// call with the first one's result.
const ORIGIN = randomWord() + randomWord() + randomWord() +
  `-${(typeof __VU === "number" && __VU > 0 ? __VU : 0).toString(36)}-${Date.now().toString(36)}`;
let handles = 0;

/**
 * A handle's Idempotency-Keys: unique to each call (ORIGIN, this handle's number, a sequence number).
 * @returns {() => string}
 */
function operationIds() {
  const prefix = `${ORIGIN}-${(handles++).toString(36)}-`;
  let sequence = 0;
  return () => prefix + (sequence++).toString(36);
}

// ---------------------------------------------------------------------------------------------------
// The handle.

/**
 * Turns a k6 response into the operation's result, or a {name, message} rejection.
 * k6's asyncRequest resolves on network failures too (status 0 and an error text): it never rejects.
 * @param {any} res
 */
function answer(res) {
  if (!res || !res.status) {
    throw kvError("NetworkError", res && res.error ? String(res.error) : "no response from gridkv");
  }
  /** @type {any} */
  let doc;
  try {
    doc = JSON.parse(res.body);
  } catch (_) {
    doc = undefined;
  }
  if (isPlainObject(doc)) {
    if (res.status >= 200 && res.status < 300 && "result" in doc) return doc.result;
    const error = doc.error;
    if (isPlainObject(error) && typeof error.name === "string") {
      // The node speaks the same catalogue (gridkv.d.ts KvErrorName); pass its name through as is.
      throw kvError(/** @type {KvErrorName} */ (error.name), String(error.message));
    }
  }
  const body = typeof res.body === "string" ? res.body.slice(0, 200) : String(res.body);
  throw kvError("UnknownError", `gridkv answered HTTP ${res.status} with an unexpected body: ${body}`);
}

// ---------------------------------------------------------------------------------------------------
// Failover: which failures send a call on to the next node.

/**
 * Whether a k6 network failure happened before the request left: the host did not resolve (k6 codes
 * 1100-1199) or no TCP connection was made (1210-1219, texts "dial: ..."). Not the rest of 1200-1299:
 * 1200, 1201 (broken pipe), 1202 and 1220 (connection reset by peer) come from a connection that may
 * already have carried the request.
 * @param {any} res
 */
function notSent(res) {
  const code = Number(res && res.error_code);
  const text = res && res.error ? String(res.error) : "";
  return (code >= 1100 && code < 1200) || (code >= 1210 && code < 1220) || /^dial\b/.test(text);
}

/**
 * What a failed attempt allows.
 * - "unreached": the call may go to another node, since the request was never sent (notSent); the
 *   node is skipped for the rest of the call.
 * - "any": the call may go to the next node, since the node did not act on it: 503
 *   ServiceUnavailableError, which a node answers once its member has left the cluster, before it reads
 *   the call.
 * - "safe": the call may go to the next node, though its outcome is unknown: the connection failed after
 *   the request may have arrived; another 503 (the member is shutting down, or the operation timed out); or
 *   a 5xx UnknownError (the cluster could not tell whether a member that died had applied it, or a proxy
 *   in front of the node failed). Safe since every mutating call carries its Idempotency-Key: a node that
 *   applied it answers the resend with the first result. The resend says so (Gridkv-Resend: true).
 * - "none": any other answer of a node is final.
 * @param {any} res
 * @param {KvError} error
 * @returns {Retry}
 */
function retryAfter(res, error) {
  if (!res || !res.status) return notSent(res) ? "unreached" : "safe";
  if (res.status === 503) return error.name === "ServiceUnavailableError" ? "any" : "safe";
  if (res.status >= 500 && error.name === "UnknownError") return "safe";
  return "none";
}

/**
 * Where a handle starts: VU n (k6's __VU, 1-based in VU code) at node (n - 1) mod count, so VUs spread
 * evenly over the nodes; the first node in setup/teardown (VU 0) and outside k6.
 * @param {number} count
 */
function firstNode(count) {
  const vu = typeof __VU === "number" && Number.isInteger(__VU) && __VU > 0 ? __VU : 1;
  return (vu - 1) % count;
}

/** @typedef {"unreached" | "any" | "safe" | "none"} Retry */
/** @typedef {{ ok: true, value: any } | { ok: false, error: KvError, retry: Retry, network: string | null }} Attempt */

/**
 * Opens a handle on a gridkv store. Synchronous and request-free (k6 forbids requests in the init
 * context): the store is opened by the handle's first call.
 * @param {OpenKvOptions | null} [options]
 * @returns {KV}
 */
export function openKv(options) {
  const config = readOptions(options);
  const urls = config.urls;
  const bases = urls.map((url) => `${url}/v1/stores/${encodeURIComponent(config.store)}/`);
  // The node this handle calls first; a call answered by another node (after a failover) moves it there.
  let current = firstNode(urls.length);

  /** @type {Record<string, string>} */
  const headers = { "Content-Type": "application/json" };
  if (config.authToken) headers.Authorization = `Bearer ${config.authToken}`;

  // One params object per operation: the tag makes k6 report http_req_duration per method.
  /** @type {Record<string, any>} */
  const paramsByOp = {};
  /** @param {string} op */
  function params(op) {
    let p = paramsByOp[op];
    if (!p) {
      p = { headers, timeout: config.timeout, tags: { name: `gridkv.${op}` } };
      if (EXPECTED_STATUSES) p.responseCallback = EXPECTED_STATUSES;
      paramsByOp[op] = p;
    }
    return p;
  }

  /**
   * The params of one attempt of a mutating call: the operation's, with headers of its own. The tags stay
   * the operation's (shared) object: a tag per key would make a k6 time series per call.
   * @param {string} op
   * @param {string} id the call's Idempotency-Key
   * @param {boolean} resend whether an earlier attempt of the call may have been applied
   */
  function identified(op, id, resend) {
    const p = Object.assign({}, params(op));
    p.headers = Object.assign({}, headers);
    p.headers[IDEMPOTENCY_KEY] = id;
    if (resend) p.headers[RESEND] = "true";
    return p;
  }

  const nextId = operationIds();

  /**
   * One request to one node. Never rejects: the result says what the failure allows (retryAfter).
   * @param {number} node
   * @param {string} op
   * @param {string} body
   * @param {Record<string, any>} requestParams
   * @returns {Promise<Attempt>}
   */
  function attempt(node, op, body, requestParams) {
    /** @param {any} res @returns {Attempt} */
    const settle = (res) => {
      try {
        return { ok: true, value: answer(res) };
      } catch (err) {
        const error = /** @type {KvError} */ (err);
        const network = !res || !res.status ? error.message : null;
        return { ok: false, error, retry: retryAfter(res, error), network };
      }
    };
    try {
      return http.asyncRequest("POST", bases[node] + op, body, requestParams).then(settle, (err) =>
        // k6 rejects only with params.throw, which this module never sets: whatever it was, it is
        // unknown whether the node got the request.
        ({ ok: false, error: kvError("NetworkError", messageOf(err)), retry: "safe", network: messageOf(err) }),
      );
    } catch (err) {
      // Thrown before any request was made (a malformed URL, say): no other node will do better.
      return Promise.resolve({ ok: false, error: kvError("NetworkError", messageOf(err)), retry: "none", network: null });
    }
  }

  const openBody = JSON.stringify({
    backend: config.backend,
    disk: config.disk,
    serialization: config.serialization,
    trackKeys: config.trackKeys,
  });
  // The store is opened on each node this handle calls, once: every caller waits on the same open.
  // A failed open is forgotten so a later call tries again (the node may still have been starting),
  // and so is the open of a node the handle moves away from (it may come back as a new process).
  /** @type {Array<Promise<Attempt> | undefined>} */
  const opened = [];
  let closed = false;

  /** @param {number} node */
  function open(node) {
    let pending = opened[node];
    if (!pending) {
      const started = attempt(node, "open", openBody, params("open"));
      started.then((result) => {
        if (!result.ok && opened[node] === started) opened[node] = undefined;
      });
      opened[node] = pending = started;
    }
    return pending;
  }

  /**
   * Sends `op` to the handle's node, opening the store there first. After a failure that allows it
   * (retryAfter) the call goes on to the next node, without waiting in between. Bounded:
   * at most one attempt per node plus one that reach a node, and one refused connection per node (a node
   * that could not be reached is skipped for the rest of the call). The node that answers becomes the
   * handle's node.
   *
   * A mutating call keeps one Idempotency-Key over all its attempts. Gridkv-Resend: true goes with every
   * attempt after one whose outcome is unknown ("safe"), not after a failure that certainly applied
   * nothing (a failed open, a refused connection, ServiceUnavailableError): a conditional delete that is
   * told it is a resend and finds its key gone cannot answer false, since the key may be gone by its own
   * first attempt.
   * @param {Method} op
   * @param {string} body
   * @returns {Promise<any>}
   */
  async function send(op, body) {
    if (FIRST_NODE_ONLY[op]) return sendOnce(0, op, body);
    const id = MUTATIONS[op] ? nextId() : null;
    let resend = false;
    let node = current;
    let reached = 0;
    let requests = 0;
    /** @type {boolean[]} */
    const unreachable = [];
    for (;;) {
      let result = await open(node);
      let sent = false;
      if (result.ok) {
        result = await attempt(node, op, body, id === null ? params(op) : identified(op, id, resend));
        sent = true;
      }
      requests++;
      if (result.ok) {
        current = node;
        return result.value;
      }
      const { error, retry, network } = result;
      if (retry === "none") throw error;
      if (sent && retry === "safe") resend = true;
      opened[node] = undefined;
      if (retry === "unreached") unreachable[node] = true;
      else reached++;
      let next = -1;
      for (let i = 1; i <= urls.length && next < 0; i++) {
        if (!unreachable[(node + i) % urls.length]) next = (node + i) % urls.length;
      }
      if (next < 0 || reached > urls.length) {
        if (network === null) throw error;
        throw kvError("NetworkError", `${network} (${urls[node]}); ${requests} attempt(s) on ${urls.length} node(s)`);
      }
      node = next;
    }
  }

  /**
   * Sends `op` to `node` once, opening the store there first: any failure is final. A network failure is
   * NetworkError naming the node.
   * @param {number} node
   * @param {Method} op
   * @param {string} body
   * @returns {Promise<any>}
   */
  async function sendOnce(node, op, body) {
    let result = await open(node);
    if (result.ok) result = await attempt(node, op, body, params(op));
    if (result.ok) return result.value;
    const { error, network } = result;
    if (network === null) throw error;
    opened[node] = undefined; // the node may come back as a new process
    throw kvError("NetworkError", `${network} (${urls[node]}); ${op} goes to the first node only, once`);
  }

  /**
   * Like xk6-kv, a method never throws: argument errors become rejected promises.
   * @param {Method} op
   * @param {any[]} args
   * @returns {Promise<any>}
   */
  function call(op, args) {
    let body;
    try {
      const built = METHODS[op](op, ...args);
      body = typeof built === "string" ? built : encodeBody(built, config.serialization);
    } catch (err) {
      return Promise.reject(err);
    }
    if (closed) return Promise.reject(kvError("StoreClosedError", "kv store handle is closed"));
    return send(op, body);
  }

  /** @type {Record<string, Function>} */
  const kv = {};
  for (const op of /** @type {Method[]} */ (Object.keys(METHODS))) {
    kv[op] = (/** @type {any[]} */ ...args) => call(op, args);
  }
  // xk6-kv resolves set() with the very value passed, not a decoded copy.
  kv.set = (/** @type {any[]} */ ...args) => call("set", args).then(() => args[1]);
  // Only this handle stops: the store and its data live on in the cluster, as a memory store does in
  // xk6-kv for the life of the process.
  kv.close = () => {
    closed = true;
  };
  return /** @type {KV} */ (/** @type {unknown} */ (kv));
}

export default { openKv };
