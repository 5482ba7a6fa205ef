// A k6 script as a TypeScript user writes it: only type-checked (npm run typecheck), never run.
// It proves the declarations cover the whole API, with the result shapes scripts rely on.
import { check } from "k6";
import {
  openKv,
  type BackupResult,
  type KV,
  type KvError,
  type KvErrorName,
  type RestoreResult,
  type ScanResult,
} from "../gridkv.js";
import gridkv from "../gridkv.js";

interface User {
  name: string;
  age: number;
}

const kv: KV = openKv({
  url: __ENV.GRIDKV_URL,
  store: "usage",
  serialization: "json",
  trackKeys: true,
  timeout: "10s",
  memory: { shardCount: 0 },
  metrics: { operations: false },
});
const other = gridkv.openKv();
// Several nodes: VUs spread over them, and a call that fails goes on to the next one.
const spread: KV = openKv({ url: ["http://gridkv-1:7070", "http://gridkv-2:7070"], store: "usage" });
const listed: KV = openKv({ url: "http://gridkv-1:7070,http://gridkv-2:7070" });

function isKvError(err: unknown): err is KvError {
  return typeof err === "object" && err !== null && "name" in err && "message" in err;
}

export async function setup(): Promise<void> {
  await kv.clear();
}

// Snapshots live in the snapshot directory (<data-dir>/snapshots) of the first node of the handle's url.
export async function snapshots(): Promise<void> {
  const saved: BackupResult = await kv.backup({ fileName: "before-test", allowConcurrentWrites: false });
  const { totalEntries, bytesWritten, bestEffort, warning } = await kv.backup();
  const restored: RestoreResult = await kv.restore({ fileName: "before-test", maxEntries: 1000000, maxBytes: 0 });
  await kv.restore(null);
  check(null, {
    "snapshot shapes": () =>
      saved.totalEntries === restored.totalEntries && totalEntries >= 0 && bytesWritten > 0 && !bestEffort &&
      warning === "",
  });
}

export default async function (): Promise<void> {
  const alice: User = await kv.set("user:1", { name: "Alice", age: 30 });
  const read = await kv.get<User>("user:1");
  const deleted: boolean = await kv.delete("user:2");
  const present: boolean = await kv.exists("user:1");
  const size: number = await kv.size();

  const hits: number = await kv.incrementBy("hits", 1);
  const { value, loaded } = await kv.getOrSet<User>("user:3", { name: "Carol", age: 41 });
  const swapped = await kv.swap("flag", true);
  const previous: boolean | null = swapped.previous;
  const cas: boolean = await kv.compareAndSwap("user:1", read, { ...read, age: 31 });
  const created: boolean = await kv.compareAndSwap("lock", null, "me");
  const first: boolean = await kv.setIfAbsent("leader", "vu-1");
  const gone: boolean = await kv.deleteIfExists("lock");
  const cad: boolean = await kv.compareAndDelete("leader", "vu-1");

  const entries = await kv.list<User>({ prefix: "user:", limit: 10 });
  const names: string[] = entries.map((e) => e.value.name);
  const keys: string[] = await kv.listKeys();
  let page: ScanResult<User> = await kv.scan<User>({ prefix: "user:", limit: 2 });
  while (!page.done) page = await kv.scan<User>({ prefix: "user:", limit: 2, cursor: page.cursor });
  const keyPage = await kv.scanKeys({ limit: 100 });
  const users: number = await kv.count({ prefix: "user:" });
  const any: string = await kv.randomKey({ prefix: "user:" });
  const some: string[] = await kv.randomKeys({ prefix: "user:", count: 2, unique: false });
  const rebuilt: boolean = await kv.rebuildKeyList();

  try {
    await kv.get("missing");
  } catch (err) {
    if (isKvError(err)) {
      const name: KvErrorName = err.name;
      check(name, { "absent key is KeyNotFoundError": (n) => n === "KeyNotFoundError" });
    }
  }

  check(null, {
    "shapes": () =>
      alice.age === 30 && deleted && present && size > 0 && hits > 0 && loaded !== undefined && !!value &&
      previous !== undefined && cas && created && first && gone && cad && names.length > 0 && keys.length > 0 &&
      keyPage.keys.length >= 0 && keyPage.done !== undefined && users >= 0 && any !== undefined &&
      some.length === 2 && rebuilt,
  });
}

// What the declarations refuse (each line must fail to type-check, or tsc reports the unused directive).
export async function mistakes(): Promise<void> {
  // @ts-expect-error keys are strings
  await kv.get(5);
  // @ts-expect-error randomKeys needs a count
  await kv.randomKeys({ prefix: "user:" });
  // @ts-expect-error backend is "memory" or "disk"
  openKv({ backend: "redis" });
  // @ts-expect-error serialization is "json" or "string"
  openKv({ serialization: "JSON" });
  // @ts-expect-error close() is synchronous
  await kv.close().then(() => undefined);
  // @ts-expect-error url is an address, a comma-separated list, or an array of addresses
  openKv({ url: new Set(["http://gridkv-1:7070"]) });
  // @ts-expect-error a snapshot's budget is a number
  await kv.restore({ maxEntries: "10" });
  // @ts-expect-error restore has no allowConcurrentWrites
  await kv.restore({ allowConcurrentWrites: true });
  // @ts-expect-error not an error name
  const typo: KvErrorName = "KeyNotFound";
  void typo;
}

export function teardown(): void {
  kv.close();
  other.close();
  spread.close();
  listed.close();
}
