-- wrk: one usage event per request at a fixed total rate (BENCH_RATE per second), open model.
-- Run with as many threads as connections (wrk -tN -cN): each thread then owns one connection, so its request() and
-- response() calls alternate and every response belongs to the request sent last. Each connection sends on its own
-- schedule (rate / N per second, staggered across connections); a request's latency counts from its scheduled time,
-- not from when it was sent, so a connection that falls behind a slow server counts its queueing too.
local ffi = require("ffi")
ffi.cdef [[
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clock, bench_timespec *now);
]]
local clock = ffi.new("bench_timespec")
local CLOCK_MONOTONIC = 1

local function now_ms()
  ffi.C.clock_gettime(CLOCK_MONOTONIC, clock)
  return tonumber(clock.tv_sec) * 1000 + tonumber(clock.tv_nsec) / 1e6
end

local threads = {}

function setup(thread)
  thread:set("thread_number", #threads)
  table.insert(threads, thread)
end

function init(args)
  local connections = tonumber(os.getenv("BENCH_CONNECTIONS"))
  interval = 1000 * connections / tonumber(os.getenv("BENCH_RATE"))
  offset = interval * thread_number / connections
  sent = 0
  scheduled_next = nil
  scheduled_current = nil
  latencies = {}
  failures = 0
  prefix = os.getenv("BENCH_ID_PREFIX") or "paced-"
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")
  occurred = os.getenv("BENCH_OCCURRED_AT")
end

function delay()
  local now = now_ms()
  if start == nil then
    start = now + offset
  end
  scheduled_next = start + sent * interval
  local wait = scheduled_next - now
  -- wrk waits whole milliseconds: round up, so that a request is never sent before its time
  return wait > 0 and math.ceil(wait) or 0
end

function request()
  scheduled_current = scheduled_next
  sent = sent + 1
  wrk.body = string.format('{"id":"%s%d-%d","occurredAt":"%s","person":"person-%d@example.com",'
    .. '"team":"team-%d","provider":"anthropic","model":"claude-sonnet-4","operation":"chat",'
    .. '"inputTokens":420,"cacheReadTokens":800,"outputTokens":160,"costUsd":0.0042,"sessionId":"s-paced-%d"}',
    prefix, thread_number, sent, occurred, sent % 500, sent % 40, sent % 2000)
  return wrk.format()
end

function response(status, headers, body)
  latencies[#latencies + 1] = now_ms() - scheduled_current
  if status ~= 200 then
    failures = failures + 1
  end
end

function done(summary, latency, requests)
  local all = {}
  local failed = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  for _, thread in ipairs(threads) do
    for _, value in ipairs(thread:get("latencies")) do
      all[#all + 1] = value
    end
    failed = failed + thread:get("failures")
  end
  table.sort(all)
  local function percentile(p)
    return all[math.max(1, math.ceil(p / 100 * #all))]
  end
  io.write(string.format("rate target=%s achieved=%.0f requests=%d failures=%d p50_ms=%.2f p99_ms=%.2f max_ms=%.2f\n",
    os.getenv("BENCH_RATE"), #all / (summary.duration / 1e6), #all, failed, percentile(50), percentile(99),
    all[#all]))
end
