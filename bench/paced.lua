-- wrk script: sync deposits to $WALLET_ID, each connection pausing $PAUSE_MS between requests,
-- for a steady rate of about connections * 1000 / PAUSE_MS requests per second.
local pause = tonumber(os.getenv("PAUSE_MS") or "10")
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"walletId":"' .. os.getenv("WALLET_ID") .. '","operationType":"DEPOSIT","amount":1}'
function delay() return pause end
function done(summary, latency, requests)
  io.write(string.format("RESULT rps=%.0f p50_ms=%.2f p99_ms=%.2f statuses=non2xx:%d\n",
    (summary.requests - summary.errors.status) / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, summary.errors.status))
end
