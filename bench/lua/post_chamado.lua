-- POST /chamados/ with a unique, realistic pt-BR message every time (the triage model really
-- runs on each one) and a cliente spread over the seeded range. Counts the 201s it receives.
-- args: <token> <first cliente id> <last cliente id> <run nonce>
local common = require("common")
local first, count, nonce
local counter = 0
created = 0

local canais = { "site", "whatsapp", "email" }
local nomes = { "Ana", "Bruno", "Carla", "Diego", "Fernanda", "Gustavo", "Helena", "Igor",
  "Juliana", "Lucas", "Mariana", "Rafael", "Sofia", "Thiago" }
local frases = {
  "Olá, sou %s e preciso da segunda via do boleto do contrato %s.",
  "Bom dia! Não recebi a fatura deste mês, pode reenviar? Cliente %s, contrato %s.",
  "Quero fazer upgrade do meu plano para o empresarial. Att, %s (conta %s)",
  "Como faço para trocar plano? Meu nome é %s e o código é %s.",
  "O aplicativo está travado na tela de login desde ontem. %s, protocolo %s",
  "Urgente: o sistema dá erro 500 ao emitir nota. Falar com %s, pedido %s.",
  "Muito obrigado pela ajuda de ontem, resolveu tudo! Abraço, %s (%s)",
  "Valeu pelo retorno rápido. %s, chamado %s",
  "Gostaria de saber o horário de atendimento da loja. Sou %s, cadastro %s.",
  "Vocês entregam em Campinas? Pergunta de %s, CEP %s.",
  "Meu pedido %s ainda não chegou, podem verificar? Obrigada, %s",
  "A internet caiu de novo e nada funciona aqui. %s, contrato %s",
  "Preciso alterar o endereço de cobrança. %s, conta %s.",
  "Recebi uma cobrança em duplicidade no cartão. %s, fatura %s",
}

function setup(thread) common.setup(thread) end

function init(args)
  common.authorize(args[1])
  first = tonumber(args[2])
  count = tonumber(args[3]) - first + 1
  nonce = args[4]
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  counter = counter + 1
  local n = counter * 31 + thread_id
  local nome = nomes[n % #nomes + 1]
  local codigo = string.format("%s-%d-%d", nonce, thread_id, counter)
  local frase = frases[n % #frases + 1]
  -- Half the templates take (name, code), the pedido one takes (code, name).
  local mensagem
  if frase:find("^Meu pedido") then
    mensagem = string.format(frase, codigo, nome)
  else
    mensagem = string.format(frase, nome, codigo)
  end
  local body = string.format('{"cliente_id":%d,"canal":"%s","mensagem":"%s"}',
    first + (counter * 7919 + thread_id * 104729) % count, canais[n % 3 + 1], mensagem)
  return wrk.format(nil, nil, nil, body)
end

function response(status)
  if status == 201 then created = created + 1 end
end

function done(summary, latency) common.done(summary, latency) end
