-- POST /api/v2/auth/login with the seeded admin.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"email": "admin@example.com", "password": "admin-bench-pass"}'
