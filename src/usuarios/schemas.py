from pydantic import BaseModel, ConfigDict, Field

from src.models import Papel


class UsuarioUpdate(BaseModel):
    """Fields an admin may change on an account; omitted fields stay as they are."""

    model_config = ConfigDict(extra="forbid")

    papel: Papel | None = Field(default=None, examples=["atendente"])
    ativo: bool | None = Field(default=None, examples=[False])
