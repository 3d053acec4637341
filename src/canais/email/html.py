"""The text of an HTML-only e-mail: tags out, line breaks where blocks end, scripts, styles and
quoted replies (`<blockquote>`, Gmail's `gmail_quote`) left out."""

import html
import re
from html.parser import HTMLParser

BLOCOS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table"}
IGNORADOS = {"script", "style", "head", "blockquote", "title"}


class _Texto(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.partes: list[str] = []
        self._fora: list[str] = []  # the ignored element we are inside, and its nested twins

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._fora:
            if tag == self._fora[-1]:
                self._fora.append(tag)
            return
        classes = dict(attrs).get("class") or ""
        if tag in IGNORADOS or (tag == "div" and "gmail_quote" in classes):
            self._fora.append(tag)
        elif tag in BLOCOS:
            self.partes.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if self._fora:
            if tag == self._fora[-1]:
                self._fora.pop()
        elif tag in BLOCOS:
            self.partes.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._fora:
            self.partes.append(data)


def texto_do_html(documento: str) -> str:
    leitor = _Texto()
    leitor.feed(documento)
    leitor.close()
    texto = html.unescape("".join(leitor.partes))
    texto = re.sub(r"[ \t\xa0]+", " ", texto)
    return re.sub(r"\n\s*\n+", "\n\n", texto).strip()
