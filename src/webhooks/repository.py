"""All SQL of the webhook endpoints and their deliveries."""

from collections.abc import Sequence

from sqlalchemy import bindparam, select

from src.core.pagination import PageParams
from src.core.repository import Repository
from src.models import EntregaWebhook, TentativaWebhook, WebhookEndpoint

_TENTATIVAS = (
    select(TentativaWebhook)
    .where(TentativaWebhook.entrega_id.in_(bindparam("ids", expanding=True)))
    .order_by(TentativaWebhook.entrega_id, TentativaWebhook.id)
)
_ENTREGA = select(EntregaWebhook).where(
    EntregaWebhook.id == bindparam("id"), EntregaWebhook.webhook_id == bindparam("webhook_id")
)


class WebhookRepository(Repository):
    async def get(self, webhook_id: int) -> WebhookEndpoint | None:
        return await self.session.get(WebhookEndpoint, webhook_id)

    async def list(self, page: PageParams) -> Sequence[WebhookEndpoint]:
        query = (
            select(WebhookEndpoint).order_by(WebhookEndpoint.id).offset(page.skip).limit(page.limit)
        )
        return (await self.session.scalars(query)).all()

    async def add(self, webhook: WebhookEndpoint) -> WebhookEndpoint:
        self.session.add(webhook)
        await self.session.flush()
        return webhook

    async def delete(self, webhook: WebhookEndpoint) -> None:
        await self.session.delete(webhook)
        await self.session.flush()

    async def entregas(self, webhook_id: int, page: PageParams) -> Sequence[EntregaWebhook]:
        """Newest first: what the admin is looking for is usually what just failed."""
        query = (
            select(EntregaWebhook)
            .where(EntregaWebhook.webhook_id == webhook_id)
            .order_by(EntregaWebhook.id.desc())
            .offset(page.skip)
            .limit(page.limit)
        )
        return (await self.session.scalars(query)).all()

    async def tentativas(self, entrega_ids: Sequence[int]) -> Sequence[TentativaWebhook]:
        if not entrega_ids:
            return []
        return (await self.session.scalars(_TENTATIVAS, {"ids": list(entrega_ids)})).all()

    async def entrega(self, webhook_id: int, entrega_id: int) -> EntregaWebhook | None:
        return await self.session.scalar(_ENTREGA, {"id": entrega_id, "webhook_id": webhook_id})
