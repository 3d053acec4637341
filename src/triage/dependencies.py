from typing import Annotated

from fastapi import Depends, Request

from src.triage import Triador


async def get_triador(request: Request) -> Triador:
    # Built once per worker in the lifespan: the model is never loaded per request.
    return request.app.state.triador


TriadorDep = Annotated[Triador, Depends(get_triador)]
