-- POST /chamados/{id}/mensagens: an operator's reply on a ticket spread over an id range.
-- args: <token> <first chamado id> <last chamado id>
local common = require("common")
local first, count
local counter = 0

local respostas = {
  "Olá! Já verificamos o seu pedido e está tudo certo.",
  "Reenviamos a fatura para o seu e-mail, pode conferir?",
  "Estamos acompanhando o caso e retornamos em seguida.",
  "Pode reiniciar o aplicativo e tentar de novo, por favor?",
}

function setup(thread) common.setup(thread) end

function init(args)
  common.authorize(args[1])
  first = tonumber(args[2])
  count = tonumber(args[3]) - first + 1
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  counter = counter + 1
  local id = first + (counter * 7919 + thread_id * 104729) % count
  local body = string.format('{"mensagem":"%s"}', respostas[counter % #respostas + 1])
  return wrk.format(nil, "/chamados/" .. id .. "/mensagens", nil, body)
end

function done(summary, latency) common.done(summary, latency) end
