-- GET /api/v2/customers/{id}/work-orders for random customers of every one
-- seeded ($CUSTOMERS: 20,000 at 1x, 200,000 at 10x); each has ten.
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
math.randomseed(os.time())
local customers = tonumber(os.getenv("CUSTOMERS") or "20000")
request = function()
  return wrk.format("GET", "/api/v2/customers/" .. math.random(1, customers) .. "/work-orders")
end
