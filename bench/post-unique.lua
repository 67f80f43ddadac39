-- wrk script: POST the seed payload (path in SEED) as JSON, with a fresh event id and a fresh
-- invitation id in every request, so that no body repeats: every delivery creates an event
-- and an invitation (the path real traffic takes), instead of the duplicate path.
local f = assert(io.open(os.getenv("SEED"), "rb"))
local seed = f:read("*a")
f:close()

-- as Lua patterns: "-" is magic there
local event_id = ("ef7e8599-4ec0-4376-9af8-7f79d7090e89"):gsub("%-", "%%-")
local invitation_id = ("a2de79c9-0f46-49b9-9c5b-b94b4acaa6c1"):gsub("%-", "%%-")
local counter = 0
local prefix = ""

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["x-api-key"] = "bench-key"

function setup(thread)
  thread:set("id", tostring(math.random(0, 0xffffff)))
end

function init(args)
  -- each wrk thread has its own Lua state: a random prefix keeps the threads apart
  prefix = string.format("%06x", tonumber(id) or math.random(0, 0xffffff))
end

function request()
  counter = counter + 1
  local n = string.format("%s%06x", prefix, counter)
  local body = seed:gsub(event_id, "e" .. n .. "-0000-4000-8000-000000000000")
                   :gsub(invitation_id, "i" .. n .. "-0000-4000-8000-000000000000")
  return wrk.format(nil, nil, nil, body)
end
