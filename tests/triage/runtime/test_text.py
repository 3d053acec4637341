import pytest

from src.triage.runtime.text import (
    MAX_CLASSIFIER_CHARS,
    bound_for_classifier,
    clean_for_encoder,
    expand_abbreviations,
    has_content,
    normalize,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  Segunda   VIA\tdo Boleto ", "segunda via do boleto"),
        ("Não consigo acessar à conta", "nao consigo acessar a conta"),
        ("vc pode me ajudar pq n funciona", "voce pode me ajudar porque nao funciona"),
        ("preciso p/ hoje c/ urgência!!", "preciso para hoje com urgencia"),
        ("obg, vlw", "obrigado valeu"),
        ("quero a 2a via", "quero a segunda via"),
    ],
)
def test_normalize(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


def test_abbreviations_only_whole_words() -> None:
    # "n" inside words or "vc" as part of a word must not be expanded
    assert expand_abbreviations("nuvem vcard") == "nuvem vcard"


def test_english_text_is_not_corrupted() -> None:
    assert normalize("I want to add money to my app") == "i want to add money to my app"


def test_encoder_text_keeps_accents_and_case() -> None:
    assert clean_for_encoder("Vc  NÃO   recebeu?") == "você NÃO recebeu?"


@pytest.mark.parametrize(
    ("texto", "expected"),
    [
        ("😀" * 50, False),
        ("?!... --- !!! ___", False),
        ("👍🏽 🙏 ❤️", False),
        ("ok 👍", True),
        ("123", True),
        ("😀😀 boleto", True),
        ("你好", True),
    ],
)
def test_has_content_means_a_letter_or_a_digit(texto: str, expected: bool) -> None:
    assert has_content(texto) is expected


def test_short_messages_reach_the_classifier_as_written() -> None:
    assert bound_for_classifier("Preciso da 2a via!!") == "Preciso da 2a via!!"
    assert bound_for_classifier("linha um\n\nlinha  dois") == "linha um linha dois"


def test_long_message_keeps_its_head_and_tail_within_the_bound() -> None:
    texto = "começo do pedido " + "palavra " * 700 + "pergunta final?"
    bounded = bound_for_classifier(texto)
    assert len(bounded) <= MAX_CLASSIFIER_CHARS
    assert bounded.startswith("começo do pedido palavra")
    assert bounded.endswith("palavra pergunta final?")
    assert all(word in {"começo", "do", "pedido", "palavra", "pergunta", "final?"}
               for word in bounded.split())  # cut between words, never inside one  # fmt: skip


def test_symbol_runs_cannot_push_the_words_out_of_the_bound() -> None:
    texto = "😀" * 2500 + " segunda via do boleto " + "!" * 2400
    bounded = bound_for_classifier(texto)
    assert bounded == "😀😀😀 segunda via do boleto !!!"
