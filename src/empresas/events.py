"""What the empresas domain tells the rest of the system (see src/core/events.py)."""

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class FusoAlterado:
    """empresa.fuso_alterado: the empresa's calendar days are now another zone's."""

    empresa_id: int
