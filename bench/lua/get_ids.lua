-- GET of a path with "{id}" spread over an id range, so caches see many rows.
-- args: <token> <path with {id}> <first id> <last id>
local common = require("common")
local template, first, count
local counter = 0

function setup(thread) common.setup(thread) end

function init(args)
  common.authorize(args[1])
  template = args[2]
  first = tonumber(args[3])
  count = tonumber(args[4]) - first + 1
end

function request()
  counter = counter + 1
  -- A large odd stride walks the whole range in a scattered order.
  local id = first + (counter * 7919 + thread_id * 104729) % count
  local path = template:gsub("{id}", tostring(id))
  return wrk.format(nil, path)
end

function done(summary, latency) common.done(summary, latency) end
