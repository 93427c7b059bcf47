-- wrk script for bench/api_load.py.
-- Arguments after `--`: access token, HTTP method, a file of request paths (one per line,
-- taken in turn, each thread from its own start), and optionally a file holding the body.
-- done() prints one JSON line (latencies in microseconds) that api_load.py parses.

local paths, position, method, headers, body = {}, 0, "GET", {}, nil
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end

function init(args)
  method = args[2]
  for line in io.lines(args[3]) do paths[#paths + 1] = line end
  if args[4] ~= nil and args[4] ~= "" then
    local f = assert(io.open(args[4], "rb"))
    body = f:read("*a")
    f:close()
  end
  headers["Authorization"] = "Bearer " .. args[1]
  if body ~= nil then headers["Content-Type"] = "application/json" end
  position = (id * 7919) % #paths -- each thread starts elsewhere (`id` comes from setup)
end

function request()
  position = position % #paths + 1
  return wrk.format(method, paths[position], headers, body)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '\nAPI_LOAD_JSON {"requests":%d,"duration_us":%d,"bytes":%d,' ..
    '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},' ..
    '"latency_us":{"p50":%d,"p90":%d,"p99":%d,"max":%d,"mean":%.1f}}\n',
    summary.requests, summary.duration, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.max, latency.mean))
end
