-- PATCH /api/v2/work-orders/{id}: the schedule board's drag and drop,
-- alternating a new technician and a new date on random work orders of
-- every one seeded ($WORK_ORDERS).
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
wrk.headers["Content-Type"] = "application/json"
math.randomseed(os.time())
local work_orders = tonumber(os.getenv("WORK_ORDERS") or "200000")
local n = 0
request = function()
  n = n + 1
  local body
  if n % 2 == 0 then
    -- The seed deactivates technicians 10, 20, ..., 50: assign only active ones.
    local technician = 1 + n % 50
    if technician % 10 == 0 then technician = technician - 1 end
    body = '{"assigned_technician_id": ' .. technician .. '}'
  else
    body = string.format('{"scheduled_date": "2026-%02d-%02d"}', 6 + n % 6, 1 + n % 28)
  end
  return wrk.format("PATCH", "/api/v2/work-orders/" .. math.random(1, work_orders), nil, body)
end
