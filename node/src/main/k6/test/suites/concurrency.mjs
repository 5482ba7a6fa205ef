// Many "VUs" at once, each with its own handle (as each k6 VU runs its own copy of the init code).
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { openKv } from "../../gridkv.js";
import { uniqueStore } from "../support/helpers.mjs";

// 50 writers in flight at once is the contention; 100 rounds each keep the run short on a busy machine.
const VUS = 50;

export function concurrencySuite() {
  describe("concurrency", () => {
    test(`${VUS} VUs x 100 incrementBy on one counter: exact total, every value seen once`, async () => {
      const store = uniqueStore();
      const ITERATIONS = 100;
      const seen = await Promise.all(
        Array.from({ length: VUS }, async () => {
          const kv = openKv({ store });
          const values = [];
          for (let i = 0; i < ITERATIONS; i++) values.push(await kv.incrementBy("counter", 1));
          kv.close();
          return values;
        }),
      );
      const total = VUS * ITERATIONS;
      assert.equal(await openKv({ store }).get("counter"), total);
      for (const values of seen) {
        for (let i = 1; i < values.length; i++) assert.ok(values[i] > values[i - 1], "a VU's own increments ascend");
      }
      const all = seen.flat().sort((a, b) => a - b);
      assert.deepEqual(all, Array.from({ length: total }, (_, i) => i + 1), "each increment got its own value");
    });

    test(`${VUS} VUs racing setIfAbsent, deleteIfExists and swap: exactly one winner each`, async () => {
      const store = uniqueStore();
      const handles = Array.from({ length: VUS }, () => openKv({ store }));

      const set = await Promise.all(handles.map((kv, vu) => kv.setIfAbsent("leader", `vu-${vu}`)));
      assert.equal(set.filter(Boolean).length, 1);
      assert.equal(await handles[0].get("leader"), `vu-${set.indexOf(true)}`);

      const deleted = await Promise.all(handles.map((kv) => kv.deleteIfExists("leader")));
      assert.equal(deleted.filter(Boolean).length, 1);

      const swapped = await Promise.all(handles.map((kv, vu) => kv.swap("slot", vu)));
      assert.equal(swapped.filter((r) => !r.loaded).length, 1);
      // The swaps form one chain: every value but the last one written was seen exactly once as previous.
      const previous = swapped.filter((r) => r.loaded).map((r) => r.previous);
      const last = await handles[0].get("slot");
      assert.deepEqual([...previous, last].sort((a, b) => a - b), Array.from({ length: VUS }, (_, i) => i));
    });
  });
}
