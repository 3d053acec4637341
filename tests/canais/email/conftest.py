import itertools
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from tests.canais.email.servidores import DOVECOT, iniciar_dovecot, iniciar_smtp

_caixas = itertools.count(1)


@pytest.fixture(scope="session")
def dovecot():
    if not Path(DOVECOT).exists():
        motivo = "dovecot não instalado (apt-get install dovecot-imapd)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{motivo}: no CI o teste de e-mail não pode ser pulado")
        pytest.skip(motivo)
    # Not under pytest's tmp_path: its parents are private, and Dovecot's mail processes run
    # as another user who must reach the mailboxes.
    diretorio = Path(tempfile.mkdtemp(prefix="dovecot-teste-"))
    servidor = iniciar_dovecot(diretorio)
    yield servidor
    servidor.processo.terminate()
    servidor.processo.wait(timeout=10)
    shutil.rmtree(diretorio, ignore_errors=True)


@pytest.fixture
def caixa_imap() -> str:
    """A mailbox of its own for each test (Dovecot gives any name an empty one)."""
    return f"suporte{next(_caixas)}@empresa.test"


@pytest.fixture
def smtp():
    controller, caixa = iniciar_smtp()
    caixa.porta = controller.port
    yield caixa
    controller.stop()
