-- wrk script: sync deposits of 1 spread over the wallets listed (one id per line) in $WALLETS_FILE.
local ids = {}
for line in io.lines(os.getenv("WALLETS_FILE")) do
  table.insert(ids, line)
end
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local counter = 0

request = function()
  counter = counter + 1
  local id = ids[math.random(#ids)]
  return wrk.format(nil, nil, nil, '{"walletId":"' .. id .. '","operationType":"DEPOSIT","amount":1}')
end

local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) statuses = {} end
function response(status, headers, body) statuses[status] = (statuses[status] or 0) + 1 end
function done(summary, latency, requests)
  local ok, parts = 0, {}
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("statuses")) do
      table.insert(parts, status .. "=" .. n)
      if status == 200 or status == 202 then ok = ok + n end
    end
  end
  io.write(string.format("RESULT rps=%.0f p50_ms=%.2f p99_ms=%.2f statuses=%s\n",
    ok / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000, table.concat(parts, ",")))
end
