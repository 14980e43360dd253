-- wrk script: place+capture pairs on the one hot wallet in $WALLET_ID (synchronous). Each thread
-- keeps the holds it placed; a connection that finds one waiting captures it, else it places a
-- new hold of 1 minor unit. Counts a pair when its capture answers 200.
local wallet = os.getenv("WALLET_ID")
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  statuses = {}
  placed = {}
  pairs_done = 0
end

function request()
  local hold = table.remove(placed)
  if hold then
    return wrk.format("POST", "/api/v1/holds/" .. hold .. "/capture", {["Content-Type"] = "application/json"}, "{}")
  end
  return wrk.format("POST", "/api/v1/holds", {["Content-Type"] = "application/json"},
    '{"walletId":"' .. wallet .. '","amount":1}')
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  if status == 200 then
    local hold = body:match('"holdId":"([^"]+)"')
    if body:find('"status":"ACTIVE"', 1, true) and hold then
      table.insert(placed, hold)
    elseif body:find('"status":"CAPTURED"', 1, true) then
      pairs_done = pairs_done + 1
    end
  end
end

function done(summary, latency, requests)
  local counts, done_pairs = {}, 0
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("statuses")) do
      counts[status] = (counts[status] or 0) + n
    end
    done_pairs = done_pairs + thread:get("pairs_done")
  end
  local parts = {}
  for status, n in pairs(counts) do
    table.insert(parts, status .. "=" .. n)
  end
  io.write(string.format("RESULT rps=%.0f pairs_per_s=%.0f p50_ms=%.2f p99_ms=%.2f statuses=%s\n",
    summary.requests / (summary.duration / 1e6), done_pairs / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, table.concat(parts, ",")))
end
