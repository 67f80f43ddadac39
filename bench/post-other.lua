-- wrk script: POST the seed payload (path in SEED) as JSON with its event_name changed to one
-- Hookscope does not know ("order_paid"): the same bytes to receive, hash, check and store,
-- but no domain rows to write. Measures capture alone, without the domain model.
local f = assert(io.open(os.getenv("SEED"), "rb"))
wrk.method = "POST"
wrk.body = f:read("*a"):gsub('"event_invitation_created"', '"order_paid"')
f:close()
wrk.headers["Content-Type"] = "application/json"
wrk.headers["x-api-key"] = "bench-key"
