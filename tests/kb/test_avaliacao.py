"""The retrieval measurement: hybrid never below full text on the shipped dev set."""

import pytest

from src.kb import artigos_md, avaliacao
from src.triage.runtime.encoder import SentenceEncoder


@pytest.fixture(scope="module")
def encoder():
    return SentenceEncoder.load()  # built at install (make's runtime step), never downloaded


@pytest.mark.slow
def test_hybrid_is_at_least_as_good_as_full_text_on_every_figure(encoder):
    perguntas = avaliacao.ler_perguntas(avaliacao.DEV)
    artigos = artigos_md.ler()
    assert len(perguntas) >= 60
    assert {titulo for _, titulo in perguntas} == {a.titulo for a in artigos}
    texto, semantico, hibrido = avaliacao.medir(perguntas, artigos, encoder)
    print("\n" + avaliacao.tabela([texto, semantico, hibrido]))
    assert hibrido.recall_1 >= texto.recall_1
    assert hibrido.recall_5 >= texto.recall_5
    assert hibrido.mrr >= texto.mrr
    assert texto.recall_5 > 0.8  # the terms work on their own too


def test_questions_naming_an_unknown_article_are_refused(tmp_path):
    arquivo = tmp_path / "perguntas.csv"
    arquivo.write_text("pergunta,artigo\ncomo pago?,Artigo que não existe\n", encoding="utf-8")
    with pytest.raises(ValueError, match="Artigo que não existe"):
        avaliacao.medir(avaliacao.ler_perguntas(arquivo), artigos_md.ler(), None)
