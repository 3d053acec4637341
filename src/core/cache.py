"""Per-process caches of an empresa's settings that hot paths read on every request.

What they hold changes a few times a year (a calendar, routing rules), so each process keeps it
for a short time instead of reading it for every new ticket. A change is seen by this process as
soon as it commits (`invalidar_ao_confirmar`), by the others when their entry expires. The size
bound keeps an installation with many empresas from growing the cache without end.
"""

from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

from cachetools import TTLCache
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession

T = TypeVar("T")

_todos: list["CachePorEmpresa"] = []


class CachePorEmpresa(Generic[T]):
    def __init__(self, ttl_seconds: float, maxsize: int = 1024) -> None:
        self.ttl_seconds = ttl_seconds
        self._entradas: TTLCache[int, T] = TTLCache(maxsize=maxsize, ttl=ttl_seconds)
        _todos.append(self)

    async def obter(self, empresa_id: int | None, carregar: Callable[[], Awaitable[T]]) -> T:
        if empresa_id is None:  # a session acting for every empresa has no entry of its own
            return await carregar()
        valor = self._entradas.get(empresa_id)
        if valor is None:
            valor = await carregar()
            self._entradas[empresa_id] = valor
        return valor

    def em_cache(self, empresa_id: int) -> T | None:
        return self._entradas.get(empresa_id)

    def obter_agora(self, empresa_id: int, carregar: Callable[[], T]) -> T:
        """`obter` for synchronous code (inside an ORM flush), with a synchronous loader."""
        valor = self._entradas.get(empresa_id)
        if valor is None:
            valor = self._entradas[empresa_id] = carregar()
        return valor

    def invalidar_ao_confirmar(self, session: AsyncSession, empresa_id: int | None) -> None:
        """Forget the empresa's entry once the change commits: forgetting it before would let a
        concurrent request cache the old value again, or this one an uncommitted value."""
        event.listen(
            session.sync_session, "after_commit", lambda _: self.invalidar(empresa_id), once=True
        )

    def invalidar(self, empresa_id: int | None = None) -> None:
        """Forget one empresa's entry (None: every empresa's)."""
        if empresa_id is None:
            self._entradas.clear()
        else:
            self._entradas.pop(empresa_id, None)


def invalidar_todos() -> None:
    """Every cache forgets everything (tests empty the tables between them)."""
    for cache in _todos:
        cache.invalidar()
