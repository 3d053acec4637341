"""Articles kept as Markdown files with a YAML front matter (titulo, categoria, tags): the
demo's help center and the retrieval evaluation read them."""

from dataclasses import dataclass, field
from pathlib import Path

import yaml

DEMO = Path(__file__).resolve().parent.parent / "demo" / "artigos"


@dataclass(frozen=True)
class ArtigoMd:
    titulo: str
    corpo: str
    categoria: str | None = None
    tags: list[str] = field(default_factory=list)


def ler(pasta: Path = DEMO) -> list[ArtigoMd]:
    return [_ler_um(caminho) for caminho in sorted(pasta.glob("*.md"))]


def _ler_um(caminho: Path) -> ArtigoMd:
    texto = caminho.read_text(encoding="utf-8")
    if not texto.startswith("---"):
        raise ValueError(f"{caminho.name}: falta o cabeçalho (--- titulo: ... ---)")
    _, cabecalho, corpo = texto.split("---", 2)
    dados = yaml.safe_load(cabecalho) or {}
    if not dados.get("titulo"):
        raise ValueError(f"{caminho.name}: falta o título no cabeçalho")
    return ArtigoMd(
        titulo=str(dados["titulo"]).strip(),
        corpo=corpo.strip(),
        categoria=dados.get("categoria"),
        tags=[str(t) for t in dados.get("tags") or []],
    )
