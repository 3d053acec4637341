"""`skip`/`limit` query parameters shared by every list endpoint."""

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Query

from src.core.types import MAX_DB_INT, IntegerText

MAX_PAGE_SIZE = 100


@dataclass(frozen=True, slots=True)
class PageParams:
    skip: int
    limit: int


async def page_params(
    skip: Annotated[int, Query(ge=0, le=MAX_DB_INT, description="Itens a pular"), IntegerText] = 0,
    limit: Annotated[
        int, Query(ge=1, le=MAX_PAGE_SIZE, description="Máximo de itens (1 a 100)"), IntegerText
    ] = 10,
) -> PageParams:
    return PageParams(skip=skip, limit=limit)


Page = Annotated[PageParams, Depends(page_params)]
