-- wrk: one usage event per request, each with a fresh id, as fast as the connections allow (closed model).
local threads = 0

function setup(thread)
  thread:set("thread_number", threads)
  threads = threads + 1
end

function init(args)
  sent = 0
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")
  occurred = os.getenv("BENCH_OCCURRED_AT")
end

function request()
  sent = sent + 1
  wrk.body = string.format('{"id":"wrk-%d-%d","occurredAt":"%s","person":"person-%d@example.com",'
    .. '"team":"team-%d","provider":"anthropic","model":"claude-sonnet-4","operation":"chat",'
    .. '"inputTokens":420,"cacheReadTokens":800,"outputTokens":160,"costUsd":0.0042,"sessionId":"s-wrk-%d"}',
    thread_number, sent, occurred, sent % 500, sent % 40, sent % 2000)
  return wrk.format()
end

function done(summary, latency, requests)
  io.write(string.format("requests=%d non_2xx_or_errors=%d requests_per_second=%.0f p50_ms=%.2f p99_ms=%.2f\n",
    summary.requests, summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.timeout, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
