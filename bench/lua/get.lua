-- GET of a fixed path (the URL given to wrk); args: <token or "-">.
local common = require("common")

function setup(thread) common.setup(thread) end
function init(args) common.authorize(args[1]) end
function done(summary, latency) common.done(summary, latency) end
