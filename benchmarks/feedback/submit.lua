-- wrk script: each request posts the public answer form with its own signed form key, a random
-- brand × touchpoint of the study, positivity and likelihood. Keys come from keys.txt (one each);
-- thread t takes keys t, t + T, t + 2T, ... so no key is posted twice.
local cfg_dir = os.getenv("FEEDBACK_OUT") or "benchmarks/out/feedback"
local threads = {}
local counter = 1

function setup(thread)
  thread:set("tid", counter)
  table.insert(threads, thread)
  counter = counter + 1
end

function init(args)
  local f = assert(io.open(cfg_dir .. "/submit.cfg"))
  token = f:read("*l")
  brands, tps = {}, {}
  for b in f:read("*l"):gmatch("%d+") do table.insert(brands, b) end
  for t in f:read("*l"):gmatch("%d+") do table.insert(tps, t) end
  f:close()
  keys = {}
  local n, i = tonumber(os.getenv("THREADS") or "2"), 0
  for line in io.lines(cfg_dir .. "/keys.txt") do
    if i % n == tid - 1 then table.insert(keys, line) end
    i = i + 1
  end
  nxt = 1
  path = "/s/" .. token .. "/"
  math.randomseed(tid * 7919)
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
  wrk.headers["Accept-Language"] = "es-ES,es;q=0.9"
end

function request()
  local key = keys[nxt]
  nxt = nxt + 1
  if key == nil then error("out of keys") end
  local body = "key=" .. key .. "&lang=es&brand=" .. brands[math.random(#brands)] ..
    "&touchpoint=" .. tps[math.random(#tps)] .. "&positivity=" .. (math.random(5) - 3) ..
    "&likelihood=" .. (math.random(11) - 1) .. "&comment=&website="
  return wrk.format("POST", path, nil, body)
end

function done(summary, latency, requests)
  io.write(string.format("requests %d, non-3xx-or-errors %d (socket errors: connect %d read %d write %d timeout %d)\n",
    summary.requests, summary.errors.status, summary.errors.connect, summary.errors.read, summary.errors.write,
    summary.errors.timeout))
  for _, p in pairs({50, 90, 95, 99}) do
    io.write(string.format("p%d %.2f ms\n", p, latency:percentile(p) / 1000))
  end
  io.write(string.format("rate %.0f submissions/s\n", summary.requests / (summary.duration / 1e6)))
end
