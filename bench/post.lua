-- wrk script: POST the seed payload (path in the SEED environment variable) as JSON.
local f = assert(io.open(os.getenv("SEED"), "rb"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/json"
wrk.headers["x-api-key"] = "bench-key"
