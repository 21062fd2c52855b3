-- wrk script for bench/load_run.py: respondents opening their invite and sending their answers.
-- wrk keeps one Lua state per thread, not per connection: each page fetched goes on the
-- thread's list, and the thread's next request, on whichever connection, sends its answers
-- (the answers token and CSRF token are the page's, not the connection's). Two threads.

local counter = 0
local threads = {}

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

local codes, next_code, ready, answers = {}, 1, {}, ""
acknowledged, refused = 0, {}

function init(args)
  local n = 0
  for line in io.lines(os.getenv("CODES")) do
    if n % 2 == id then table.insert(codes, line) end
    n = n + 1
  end
  local f = io.open(os.getenv("ANSWERS"))
  answers = f:read("*a")
  f:close()
end

function request()
  local page = table.remove(ready)
  if page then
    local body = answers .. "&submission=" .. page.token .. "&csrf_token=" .. page.csrf
    return wrk.format("POST", page.action, {["Content-Type"] = "application/x-www-form-urlencoded"}, body)
  end
  local code = codes[next_code] or codes[1]
  next_code = next_code + 1
  return wrk.format("GET", "/q/" .. code)
end

function response(status, headers, body)
  if status == 302 then
    acknowledged = acknowledged + 1
  elseif status == 200 then
    local token = body:match('name="submission" value="([^"]+)"')
    local csrf = body:match('name="csrf_token" value="([^"]+)"')
    local action = body:match('<form method="post" action="([^"]+)"')
    if token and csrf and action then
      table.insert(ready, {token = token, csrf = csrf, action = action})
    end
  else
    refused[status] = (refused[status] or 0) + 1
  end
end

function done(summary, latency, requests)
  local total = 0
  local other = {}
  for _, t in ipairs(threads) do
    total = total + t:get("acknowledged")
    for status, n in pairs(t:get("refused")) do
      other[status] = (other[status] or 0) + n
    end
  end
  io.write(string.format("submissions acknowledged: %d\n", total))
  for status, n in pairs(other) do
    io.write(string.format("replies with status %d: %d\n", status, n))
  end
  io.write(string.format("p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms (every request, pages and submissions)\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
