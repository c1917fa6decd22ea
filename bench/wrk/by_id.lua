-- GET /api/v2/work-orders/{id} for random ids of the 200,000 seeded.
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
math.randomseed(os.time())
request = function()
  return wrk.format("GET", "/api/v2/work-orders/" .. math.random(1, 200000))
end
