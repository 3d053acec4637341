from pydantic import BaseModel, ConfigDict, Field, StrictBool

from src.models import Papel


class UsuarioUpdate(BaseModel):
    """Fields an admin may change on an account; omitted fields stay as they are."""

    model_config = ConfigDict(extra="forbid")

    papel: Papel | None = Field(default=None, examples=["atendente"])
    # Strict: the schema says boolean, so 0/1 or "false" are refused, not guessed.
    ativo: StrictBool | None = Field(default=None, examples=[False])
