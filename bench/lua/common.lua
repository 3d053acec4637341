-- Shared by every scenario: per-thread ids, the bearer token and one JSON summary line that
-- bench/run.py parses (latencies in microseconds, as wrk records them).
local M = {}
local threads = {}

function M.setup(thread)
  thread:set("thread_id", #threads + 1)
  table.insert(threads, thread)
end

function M.authorize(token)
  if token and token ~= "-" then
    wrk.headers["Authorization"] = "Bearer " .. token
  end
end

function M.done(summary, latency)
  local created = 0
  for _, thread in ipairs(threads) do
    created = created + (thread:get("created") or 0)
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests":%d,"duration_us":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,'
      .. '"max_us":%d,"mean_us":%.1f,"errors_connect":%d,"errors_read":%d,"errors_write":%d,'
      .. '"errors_status":%d,"errors_timeout":%d,"created":%d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, latency.mean, e.connect, e.read, e.write, e.status,
    e.timeout, created))
end

return M
