"""An operator's notifications: only their own, newest first, marked read one by one."""

from src.models import NotificacaoUsuario
from tests.factories import signup


async def _notificar(db, usuario: dict, texto: str) -> int:
    notificacao = NotificacaoUsuario(
        empresa_id=usuario["empresa_id"], usuario_id=usuario["id"], tipo="sla_em_risco", texto=texto
    )
    db.add(notificacao)
    await db.commit()
    return notificacao.id


async def test_each_operator_sees_only_their_own_newest_first(client, db):
    ana_headers = await signup(client, "ana")
    bia_headers = await signup(client, "bia")
    ana = (await client.get("/auth/me", headers=ana_headers)).json()
    bia = (await client.get("/auth/me", headers=bia_headers)).json()
    primeira = await _notificar(db, ana, "primeira")
    await _notificar(db, ana, "segunda")
    da_bia = await _notificar(db, bia, "da bia")

    minhas = (await client.get("/notificacoes/", headers=ana_headers)).json()
    assert [n["texto"] for n in minhas] == ["segunda", "primeira"]
    pagina = await client.get("/notificacoes/", params={"skip": 1, "limit": 1}, headers=ana_headers)
    assert [n["texto"] for n in pagina.json()] == ["primeira"]

    lida = await client.post(f"/notificacoes/{primeira}/lida", headers=ana_headers)
    assert lida.status_code == 200
    assert lida.json()["lida"] is True
    nao_lidas = await client.get("/notificacoes/", params={"nao_lidas": True}, headers=ana_headers)
    assert [n["texto"] for n in nao_lidas.json()] == ["segunda"]

    for missing in (da_bia, 999_999):
        response = await client.post(f"/notificacoes/{missing}/lida", headers=ana_headers)
        assert response.status_code == 404
        assert response.json()["detail"] == "Notificação não encontrada"
    assert (await client.get("/notificacoes/")).status_code == 401
