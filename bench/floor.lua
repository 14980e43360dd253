-- wrk script: GET /health/live, the cheapest answer the server gives: the HTTP floor every other
-- scenario is measured against.
wrk.method = "GET"
wrk.path = "/health/live"
function done(summary, latency, requests)
  io.write(string.format("RESULT rps=%.0f p50_ms=%.2f p99_ms=%.2f statuses=non2xx:%d\n",
    (summary.requests - summary.errors.status) / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, summary.errors.status))
end
