-- wrk script for gridkv's HTTP/JSON API (docs/http-api.md), used by bench/http-vs-redis.sh.
--
--   wrk -t 2 -c 50 -d 15s -s bench/wrk/gridkv.lua http://127.0.0.1:PORT -- OP [BATCH] [STORE] [KEYS] [COUNTERS] [POOL]
--
-- OP       get | set | incrementBy
-- BATCH    1 = one operation per request (POST /v1/stores/STORE/OP);
--          N > 1 = N operations of that kind per request (POST /v1/stores/STORE/batch)
-- STORE    store name (default bench)
-- KEYS     get/set use keys k:0 .. k:(KEYS-1), one picked at random per operation (default 10000);
--          get expects them all to exist (the driver pre-loads them)
-- COUNTERS incrementBy uses counters c:0 .. c:(COUNTERS-1), delta 1 (default 100)
-- POOL     number of pre-built random batch bodies per thread (default 4096)
--
-- Requests are built once in init(), so request() is a table lookup by math.random and Lua costs
-- almost nothing per request: for single operations every possible request is pre-built (one per key),
-- for batches a pool of POOL random batches is, and request() picks one at random.
--
-- Every response is checked: a status other than 200 is counted by status; a batch answer holding an
-- operation error ("error" in its results) is counted as an operation error. done() prints one
-- machine-readable line per kind (BENCH_RESULT, BENCH_ERRORS, BENCH_STATUS, BENCH_SAMPLE) that the
-- driver parses; a run with any error is invalid.

local threads = {}
local next_id = 1

function setup(thread)
   thread:set("id", next_id)
   next_id = next_id + 1
   table.insert(threads, thread)
end

local reqs = {}
local nreqs = 0
local is_batch = false

local function value_json(i)
   return string.format('{"n":%d,"s":"gridkv-bench"}', i)
end

local function op_args(op, nkeys, ncounters)
   if op == "get" then
      local i = math.random(nkeys) - 1
      return string.format('"key":"k:%d"', i)
   elseif op == "set" then
      local i = math.random(nkeys) - 1
      return string.format('"key":"k:%d","value":%s', i, value_json(i))
   elseif op == "incrementBy" then
      local i = math.random(ncounters) - 1
      return string.format('"key":"c:%d","delta":1', i)
   end
   error("unknown op " .. tostring(op) .. " (get | set | incrementBy)")
end

function init(args)
   local op        = args[1] or "get"
   local batch     = tonumber(args[2] or "1")
   local store     = args[3] or "bench"
   local nkeys     = tonumber(args[4] or "10000")
   local ncounters = tonumber(args[5] or "100")
   local pool      = tonumber(args[6] or "4096")

   math.randomseed(os.time() + 7919 * (id or 0))
   non200 = {}
   op_errors = 0
   sample = ""

   local headers = { ["Content-Type"] = "application/json" }
   if batch <= 1 then
      local path = "/v1/stores/" .. store .. "/" .. op
      local n = (op == "incrementBy") and ncounters or nkeys
      for i = 0, n - 1 do
         local body
         if op == "get" then
            body = string.format('{"key":"k:%d"}', i)
         elseif op == "set" then
            body = string.format('{"key":"k:%d","value":%s}', i, value_json(i))
         elseif op == "incrementBy" then
            body = string.format('{"key":"c:%d","delta":1}', i)
         else
            error("unknown op " .. tostring(op) .. " (get | set | incrementBy)")
         end
         reqs[i + 1] = wrk.format("POST", path, headers, body)
      end
   else
      is_batch = true
      local path = "/v1/stores/" .. store .. "/batch"
      for p = 1, pool do
         local ops = {}
         for j = 1, batch do
            ops[j] = '{"op":"' .. op .. '",' .. op_args(op, nkeys, ncounters) .. '}'
         end
         reqs[p] = wrk.format("POST", path, headers, '{"ops":[' .. table.concat(ops, ",") .. ']}')
      end
   end
   nreqs = #reqs
end

function request()
   return reqs[math.random(nreqs)]
end

function response(status, headers, body)
   if status ~= 200 then
      local s = tostring(status)
      non200[s] = (non200[s] or 0) + 1
      if sample == "" then sample = s .. " " .. string.sub(body or "", 1, 300) end
   elseif is_batch and body then
      local at = string.find(body, '"error"', 1, true)
      if at then
         op_errors = op_errors + 1
         if sample == "" then sample = "200 ..." .. string.sub(body, math.max(1, at - 20), at + 280) end
      end
   end
end

function done(summary, latency, requests)
   local bad, op_err, statuses, first = 0, 0, {}, ""
   for _, t in ipairs(threads) do
      for s, n in pairs(t:get("non200") or {}) do
         statuses[s] = (statuses[s] or 0) + n
         bad = bad + n
      end
      op_err = op_err + (t:get("op_errors") or 0)
      local smp = t:get("sample") or ""
      if first == "" then first = smp end
   end
   local e = summary.errors
   io.write(string.format(
      "BENCH_RESULT requests=%d duration_us=%d rps=%.1f p50_us=%d p90_us=%d p99_us=%d p999_us=%d max_us=%d mean_us=%.1f\n",
      summary.requests, summary.duration, summary.requests / (summary.duration / 1e6),
      latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9),
      latency.max, latency.mean))
   io.write(string.format(
      "BENCH_ERRORS non200=%d op_errors=%d connect=%d read=%d write=%d timeout=%d\n",
      bad, op_err, e.connect, e.read, e.write, e.timeout))
   local parts = {}
   for s, n in pairs(statuses) do table.insert(parts, s .. "=" .. n) end
   table.sort(parts)
   io.write("BENCH_STATUS " .. table.concat(parts, " ") .. "\n")
   if first ~= "" then
      io.write("BENCH_SAMPLE " .. string.gsub(first, "\n", " ") .. "\n")
   end
end
