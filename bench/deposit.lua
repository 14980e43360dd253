-- wrk script: deposits of 1 minor unit to the wallet in $WALLET_ID, counting statuses.
-- Synchronous (200 after the commit) unless $PREFER_ASYNC=1 (202 once queued).
-- $KEYED=1 sends a new Idempotency-Key with every request, as real clients do.
local wallet = os.getenv("WALLET_ID")
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
if os.getenv("PREFER_ASYNC") == "1" then
  wrk.headers["Prefer"] = "respond-async"
end
wrk.body = '{"walletId":"' .. wallet .. '","operationType":"DEPOSIT","amount":1}'

local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("thread_no", #threads)
end

if os.getenv("KEYED") == "1" then
  local sent = 0
  -- The process id makes two wrk runs started in the same second send different keys (math.random
  -- is not seeded: it gives every run the same numbers).
  local stat = io.open("/proc/self/stat")
  local pid = stat and stat:read("*n") or math.random(1, 1000000000)
  if stat then stat:close() end
  local run = tostring(os.time()) .. "-" .. tostring(pid)
  function request()
    sent = sent + 1
    wrk.headers["Idempotency-Key"] = "bench-" .. run .. "-" .. thread_no .. "-" .. sent
    return wrk.format()
  end
end

function init(args)
  statuses = {}
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local counts = {}
  for _, thread in ipairs(threads) do
    local s = thread:get("statuses")
    for status, n in pairs(s) do
      counts[status] = (counts[status] or 0) + n
    end
  end
  local parts = {}
  local ok = 0
  for status, n in pairs(counts) do
    table.insert(parts, status .. "=" .. n)
    if status == 200 or status == 202 then
      ok = ok + n
    end
  end
  -- rps counts only answers that accepted the operation (200 committed, 202 queued), not 503s.
  io.write(string.format("RESULT rps=%.0f p50_ms=%.2f p99_ms=%.2f statuses=%s\n",
    ok / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    table.concat(parts, ",")))
end
