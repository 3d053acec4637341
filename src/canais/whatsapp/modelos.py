"""WhatsApp message templates: the account's list synced from the Graph API, and a template
sent on a ticket, the one kind of message WhatsApp accepts outside the 24-hour window.

Variables are Meta's positional `{{1}}`, `{{2}}`...; the values an operator gives may use the
canned answers' markers (`{{cliente.nome}}`...), filled from the ticket.
"""

import re

import httpx2
from sqlalchemy.ext.asyncio import AsyncSession

from src.canais import envios, service
from src.canais.events import CONTEUDO_MODELO
from src.canais.schemas import EnvioModelo, ModeloResponse
from src.canais.whatsapp.repository import WhatsAppRepository
from src.chamados import service as chamados
from src.chamados.mensagens import service as mensagens
from src.core import segredos
from src.core.config import Settings
from src.core.errors import AppError, ConflictError, NotFoundError
from src.models import ContaCanal, Mensagem, ModeloWhatsApp, Usuario
from src.models.base import utcnow
from src.respostas_prontas.service import preencher_texto, valores_do_chamado

VARIAVEL = re.compile(r"\{\{\s*(\d+)\s*\}\}")
MAX_PAGINAS = 10
CAMPOS = "name,language,status,category,components"


class WabaAusenteError(AppError):
    status_code = 422
    code = "waba_id_ausente"
    detail = "Informe o waba_id do canal (PATCH /canais/{id}) para ler os modelos da Meta"


class MetaIndisponivelError(AppError):
    status_code = 502
    code = "provedor_indisponivel"
    detail = "A Meta não devolveu a lista de modelos agora; tente de novo em instantes"


class ModeloNaoEncontradoError(NotFoundError):
    code = "modelo_nao_encontrado"
    detail = "Modelo não encontrado neste canal: atualize a lista (GET ...?atualizar=true)"


class ModeloNaoAprovadoError(ConflictError):
    code = "modelo_nao_aprovado"
    detail = "Este modelo ainda não foi aprovado pela Meta: só modelos APPROVED podem ser enviados"


class ChamadoSemWhatsAppError(AppError):
    status_code = 422
    code = "chamado_sem_whatsapp"
    detail = "Este chamado não veio por um canal de WhatsApp: não há para onde enviar um modelo"


class ParametrosDoModeloError(AppError):
    status_code = 422
    code = "parametros_do_modelo"


def variaveis(componentes: list[dict]) -> dict[str, int]:
    contagem = {"cabecalho": 0, "corpo": 0, "botoes": 0}
    for componente in componentes:
        tipo = str(componente.get("type", "")).upper()
        if tipo == "HEADER":
            contagem["cabecalho"] = len(set(VARIAVEL.findall(componente.get("text") or "")))
        elif tipo == "BODY":
            contagem["corpo"] = len(set(VARIAVEL.findall(componente.get("text") or "")))
    contagem["botoes"] = len(_botoes_com_variavel(componentes))
    return contagem


def _botoes_com_variavel(componentes: list[dict]) -> list[int]:
    """Positions (Meta's `index`) of the URL buttons whose address has a variable."""
    for componente in componentes:
        if str(componente.get("type", "")).upper() == "BUTTONS":
            botoes = componente.get("buttons") or []
            return [i for i, b in enumerate(botoes) if VARIAVEL.search(str(b.get("url", "")))]
    return []


def resposta(modelo: ModeloWhatsApp) -> ModeloResponse:
    return ModeloResponse(
        nome=modelo.nome,
        idioma=modelo.idioma,
        categoria=modelo.categoria,
        status=modelo.status,
        componentes=modelo.componentes,
        variaveis=variaveis(modelo.componentes),
        atualizado_em=modelo.atualizado_em,
    )


async def listar(
    session: AsyncSession,
    settings: Settings,
    http: httpx2.AsyncClient,
    canal_id: int,
    atualizar: bool,
) -> list[ModeloResponse]:
    canal = await service.obter(session, canal_id)
    if canal.tipo != "whatsapp":
        raise service.CampoDeOutroCanalError(canal.tipo, {"modelos"})
    if atualizar:
        await _sincronizar(session, settings, http, canal)
    return [resposta(modelo) for modelo in await WhatsAppRepository(session).modelos(canal.id)]


async def _sincronizar(
    session: AsyncSession, settings: Settings, http: httpx2.AsyncClient, canal: ContaCanal
) -> None:
    waba = canal.config.get("waba_id")
    if not waba:
        raise WabaAusenteError()
    base = str(canal.config.get("api_base_url") or settings.whatsapp_api_url).rstrip("/")
    token = segredos.decifrar(settings, canal.segredos)["access_token"]
    vindos = await _buscar(http, f"{base}/{waba}/message_templates", token)
    await WhatsAppRepository(session).apagar_modelos(canal.id)
    agora = utcnow()
    for item in vindos:
        session.add(
            ModeloWhatsApp(
                canal_id=canal.id,
                nome=str(item.get("name", ""))[:512],
                idioma=str(item.get("language", ""))[:20],
                categoria=str(item.get("category", ""))[:30],
                status=str(item.get("status", ""))[:30],
                componentes=[c for c in item.get("components") or [] if isinstance(c, dict)],
                atualizado_em=agora,
            )
        )
    await session.flush()


async def _buscar(http: httpx2.AsyncClient, url: str, token: str) -> list[dict]:
    itens: list[dict] = []
    proxima: str | None = url
    params: dict | None = {"fields": CAMPOS, "limit": "100"}
    for _ in range(MAX_PAGINAS):
        if proxima is None:
            break
        try:
            resposta_meta = await http.get(
                proxima, params=params, headers={"Authorization": f"Bearer {token}"}
            )
            dados = resposta_meta.json() if resposta_meta.is_success else None
        except (httpx2.HTTPError, ValueError):
            dados = None
        if not isinstance(dados, dict):
            raise MetaIndisponivelError()
        itens += [
            item for item in dados.get("data") or [] if isinstance(item, dict) and item.get("name")
        ]
        proxima = (dados.get("paging") or {}).get("next")
        params = None  # the next page's URL carries them
    return itens


async def enviar(
    session: AsyncSession, chamado_id: int, dados: EnvioModelo, usuario: Usuario
) -> Mensagem:
    chamado = await chamados.get_chamado(session, chamado_id)
    canal = await service.obter(session, chamado.conta_canal_id) if chamado.conta_canal_id else None
    if canal is None or canal.tipo != "whatsapp":
        raise ChamadoSemWhatsAppError()
    modelo = await WhatsAppRepository(session).modelo(canal.id, dados.nome, dados.idioma)
    if modelo is None:
        raise ModeloNaoEncontradoError()
    if modelo.status != "APPROVED":
        raise ModeloNaoAprovadoError()
    valores = await valores_do_chamado(session, chamado, usuario)
    partes = {
        "cabecalho": [preencher_texto(p, valores) for p in dados.cabecalho],
        "corpo": [preencher_texto(p, valores) for p in dados.corpo],
        "botoes": [preencher_texto(p, valores) for p in dados.botoes],
    }
    for parte, esperadas in variaveis(modelo.componentes).items():
        if len(partes[parte]) != esperadas:
            raise ParametrosDoModeloError(
                f"O modelo {modelo.nome} espera {esperadas} variável(is) em {parte}; "
                f"vieram {len(partes[parte])}"
            )
    destino = await WhatsAppRepository(session).whatsapp_do_cliente(chamado.cliente_id)
    if not destino:
        raise ChamadoSemWhatsAppError()
    texto = _texto(modelo.componentes, partes)
    mensagem = await mensagens.mensagem_do_atendente(
        session, chamado.id, usuario, texto, conteudo_tipo=CONTEUDO_MODELO
    )
    template = {
        "name": modelo.nome,
        "language": {"code": modelo.idioma},
        "components": _componentes(modelo.componentes, partes),
    }
    envios.agendar(session, canal.id, mensagem, destino, {"tipo": "modelo", "template": template})
    await session.flush()
    return mensagem


def _texto(componentes: list[dict], partes: dict[str, list[str]]) -> str:
    """What the customer reads, for the thread: header and body with the values in place."""
    linhas = []
    for componente in componentes:
        tipo = str(componente.get("type", "")).upper()
        valores = partes["cabecalho"] if tipo == "HEADER" else partes["corpo"]
        if tipo in {"HEADER", "BODY", "FOOTER"} and componente.get("text"):
            linhas.append(
                VARIAVEL.sub(
                    lambda m, v=valores: (
                        v[int(m.group(1)) - 1] if int(m.group(1)) <= len(v) else m.group(0)
                    ),
                    componente["text"],
                )
            )
    return "\n\n".join(linhas) or "[modelo]"


def _componentes(modelo: list[dict], partes: dict[str, list[str]]) -> list[dict]:
    def texto(valor: str) -> dict:
        return {"type": "text", "text": valor}

    componentes = []
    if partes["cabecalho"]:
        componentes.append(
            {"type": "header", "parameters": [texto(v) for v in partes["cabecalho"]]}
        )
    if partes["corpo"]:
        componentes.append({"type": "body", "parameters": [texto(v) for v in partes["corpo"]]})
    for indice, valor in zip(_botoes_com_variavel(modelo), partes["botoes"], strict=True):
        componentes.append(
            {
                "type": "button",
                "sub_type": "url",
                "index": str(indice),
                "parameters": [texto(valor)],
            }
        )
    return componentes
