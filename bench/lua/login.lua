-- POST /auth/login (OAuth2 password form); args: <username> <password>.
local common = require("common")

function setup(thread) common.setup(thread) end

function init(args)
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
  wrk.body = "username=" .. args[1] .. "&password=" .. args[2]
end

function done(summary, latency) common.done(summary, latency) end
