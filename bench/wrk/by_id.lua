-- GET /api/v2/work-orders/{id} for random ids of every work order seeded
-- ($WORK_ORDERS: 200,000 at 1x, 2,000,000 at 10x).
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
math.randomseed(os.time())
local work_orders = tonumber(os.getenv("WORK_ORDERS") or "200000")
request = function()
  return wrk.format("GET", "/api/v2/work-orders/" .. math.random(1, work_orders))
end
