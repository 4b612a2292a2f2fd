-- wrk script: each request posts the public answer form with its own signed form key, a random
-- brand × touchpoint of the study, positivity and likelihood. Keys come from keys.txt (one each);
-- thread t takes keys t, t + T, t + 2T, ... so no key is posted twice.
-- Posting stops after POST_SECONDS; wrk runs a little longer (the caller gives -d POST_SECONDS + 2)
-- and sends GETs of a static file meanwhile (serve.sh has the server's Rust side serve them), so that every answer posted has had its response when
-- wrk stops: the 303s counted here can be compared exactly with the rows stored.
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
  local t0 = os.time()
  while os.time() == t0 do end  -- start on a second's edge: the posting phase is POST_SECONDS long
  post_until = os.time() + tonumber(os.getenv("POST_SECONDS") or "60")
  posted, see_other, other = 0, 0, 0
  math.randomseed(tid * 7919)
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
  wrk.headers["Accept-Language"] = "es-ES,es;q=0.9"
end

function request()
  if os.time() >= post_until then
    return wrk.format("GET", "/static/favicon.svg", {})
  end
  posted = posted + 1
  local key = keys[nxt]
  nxt = nxt + 1
  if key == nil then error("out of keys") end
  local body = "key=" .. key .. "&lang=es&brand=" .. brands[math.random(#brands)] ..
    "&touchpoint=" .. tps[math.random(#tps)] .. "&positivity=" .. (math.random(5) - 3) ..
    "&likelihood=" .. (math.random(11) - 1) .. "&comment=&website="
  return wrk.format("POST", path, nil, body)
end

function delay()  -- the GETs after the posting phase are few (10 a second per connection)
  if os.time() >= post_until then return 100 end
  return 0
end

function response(status, headers, body)
  if status == 303 then see_other = see_other + 1 elseif status ~= 200 then other = other + 1 end
end

function done(summary, latency, requests)
  local p, s, o = 0, 0, 0
  for _, t in ipairs(threads) do
    p, s, o = p + t:get("posted"), s + t:get("see_other"), o + t:get("other")
  end
  io.write(string.format("posted %d, thank-you redirects (303) %d, other errors %d\n", p, s, o))
  io.write(string.format("requests %d, non-3xx-or-errors %d (socket errors: connect %d read %d write %d timeout %d)\n",
    summary.requests, summary.errors.status, summary.errors.connect, summary.errors.read, summary.errors.write,
    summary.errors.timeout))
  for _, p in pairs({50, 90, 95, 99}) do
    io.write(string.format("p%d %.2f ms\n", p, latency:percentile(p) / 1000))
  end
  io.write(string.format("rate %.0f submissions/s\n", s / tonumber(os.getenv("POST_SECONDS") or "60")))
end
