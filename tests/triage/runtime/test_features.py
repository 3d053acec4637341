import numpy as np

from src.triage.runtime.features import CsrRows, TfidfFeaturizer
from src.triage.runtime.linear import fit_softmax


def _dense(m: CsrRows) -> np.ndarray:
    out = np.zeros((m.n_rows, m.n_cols))
    for r in range(m.n_rows):
        lo, hi = m.indptr[r], m.indptr[r + 1]
        out[r, m.indices[lo:hi]] = m.data[lo:hi]
    return out


def test_sparse_products_match_dense_including_empty_rows() -> None:
    featurizer = TfidfFeaturizer().fit(["segunda via boleto", "erro no app", "quero cancelar"])
    m = featurizer.transform(["boleto com erro", "", "xyz", "quero a segunda via"])
    w = np.random.default_rng(0).normal(size=(m.n_cols, 3))
    np.testing.assert_allclose(m.matmul(w, chunk_nnz=7), _dense(m) @ w, rtol=1e-5)


def test_tfidf_blocks_are_normalised() -> None:
    featurizer = TfidfFeaturizer().fit(["segunda via boleto", "erro no app"])
    _, values = featurizer.transform_one("segunda via do boleto")
    assert np.isclose(np.linalg.norm(values), 1.0, atol=1e-5)  # two blocks of norm 1/sqrt(2)


def test_softmax_regression_separates_simple_classes() -> None:
    textos = ["boleto", "segunda via boleto", "fatura", "erro", "app com erro", "travou"]
    rotulos = ["doc", "doc", "doc", "tec", "tec", "tec"]
    featurizer = TfidfFeaturizer().fit(textos)
    model = fit_softmax(featurizer.transform(textos), None, rotulos)
    probs = model.scores(featurizer.transform(["meu boleto", "deu erro"]), None)
    assert [model.classes[i] for i in probs.argmax(1)] == ["doc", "tec"]
    np.testing.assert_allclose(probs.sum(1), 1.0, rtol=1e-5)


def test_large_training_sets_leave_out_ngrams_seen_once() -> None:
    textos = ["segunda via boleto", "segunda via fatura", "xyzzy unico"]
    todos = TfidfFeaturizer().fit(textos).vocab
    frequentes = TfidfFeaturizer(min_df=2).fit(textos).vocab
    assert "w:segunda" in frequentes
    assert "w:xyzzy" in todos
    assert "w:xyzzy" not in frequentes
