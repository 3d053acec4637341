"""Development tool: drop every table and migrate again from scratch.

    python reset_db.py         # asks for confirmation
    python reset_db.py --yes

Refuses to run when APP_ENV=production.
"""

import sys

from src.core import migrations
from src.core.config import get_settings


def main(argv: list[str]) -> int:
    settings = get_settings()
    if settings.is_production:
        print("Recusado: reset_db.py não roda com APP_ENV=production.", file=sys.stderr)
        return 2
    if "--yes" not in argv:
        answer = input(f"Apagar TODOS os dados de {settings.database_url.split('@')[-1]}? [s/N] ")
        if answer.strip().lower() not in {"s", "sim"}:
            print("Nada foi alterado.")
            return 1
    migrations.downgrade(settings, "base")
    migrations.upgrade(settings)
    print("Banco recriado pelas migrações.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
