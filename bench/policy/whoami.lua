-- wrk script for bench/policy's floor: an authenticated GET that does no work beyond HTTP and the token check.
local token = os.getenv("BENCH_TOKEN")

request = function()
  return wrk.format("GET", "/v1/whoami", { ["Authorization"] = "Bearer " .. token })
end
