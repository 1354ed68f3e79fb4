-- One page of the load test (bench/load.py), as wrk drives it:
--   wrk -t N -c N -s bench/load.lua URL -- ENTRIES MODE EXPECTED
-- ENTRIES is a file of lines "path<TAB>cookie<TAB>email"; each request takes the next line,
-- so signed-in sessions (and paths, e.g. each client's page) rotate. MODE is
--   get     GET the path; EXPECTED is its status (200).
--   form    a form as a person sends it: GET the path, then POST it with the CSRF token and
--           the one-time submission key that page carried (core/submissions.py) and the
--           answers in wrk.body; EXPECTED is the POST's status (302). One connection per
--           thread (-t N -c N): the GET and its POST are a pair.
--   signin  the same with the login form: email from the line and the bench password.
-- done() prints one line "RESULT {json}" that load.py reads.

local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
  thread:set("unexpected", 0)
end

local entries, mode, expected, origin = {}, "get", 200, ""
local i, pending, answers, password = 0, nil, "", ""

function init(args)
  for line in io.lines(args[1]) do
    local path, cookie, email = line:match("^([^\t]*)\t([^\t]*)\t?(.*)$")
    table.insert(entries, { path = path, cookie = cookie, email = email })
  end
  mode, expected = args[2] or "get", tonumber(args[3] or "200")
  password, answers = args[4] or "", args[5] or ""
  origin = "https://" .. wrk.host .. ":" .. wrk.port
  -- Threads start at different sessions, so no two send the same one at once.
  i = ((id or 1) - 1) * math.floor(#entries / 8)
end

local function headers(entry)
  -- Behind the proxy (SECURE_PROXY_SSL_HEADER): the request came in over HTTPS.
  return { ["Cookie"] = entry.cookie, ["X-Forwarded-Proto"] = "https" }
end

local function urlencode(s)
  return (s:gsub("[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

function request()
  if pending then
    local entry, body = pending.entry, pending.body
    local h = headers(entry)
    h["Content-Type"] = "application/x-www-form-urlencoded"
    h["Origin"], h["Referer"] = origin, origin .. entry.path
    return wrk.format("POST", entry.path, h, body)
  end
  i = i % #entries + 1
  current = entries[i]
  return wrk.format("GET", current.path, headers(current), "")
end

local function miss()
  unexpected = unexpected + 1
end

function response(status, _headers, body)
  if mode == "get" then
    if status ~= expected then miss() end
    return
  end
  if pending then -- the POST's answer
    if status ~= expected then miss() end
    pending = nil
    return
  end
  local csrf = body:match('name="csrfmiddlewaretoken" value="([^"]+)"')
  if status ~= 200 or not csrf then
    miss()
    return
  end
  local fields = "csrfmiddlewaretoken=" .. csrf
  local key = body:match('name="submission_key" value="([^"]+)"')
  if key then fields = fields .. "&submission_key=" .. key end
  if mode == "signin" then
    fields = fields .. "&username=" .. urlencode(current.email) .. "&password=" .. urlencode(password)
  else
    fields = fields .. "&" .. answers
  end
  pending = { entry = current, body = fields }
end

function done(summary, latency, _requests)
  local unexpected_total = 0
  for _, thread in ipairs(threads) do
    unexpected_total = unexpected_total + thread:get("unexpected")
  end
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests": %d, "seconds": %.3f, "p50": %.2f, "p95": %.2f, "p99": %.2f, ' ..
    '"socket_errors": %d, "http_errors": %d, "unexpected": %d}\n',
    summary.requests, summary.duration / 1e6,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    e.connect + e.read + e.write + e.timeout, e.status, unexpected_total))
end
