import pytest

from src.triage.text import clean_for_encoder, expand_abbreviations, normalize


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
