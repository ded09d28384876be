"""What a person sees on a page, read with the standard library's HTML parser: table rows as lists of cell texts,
links as (text, href), selected options. Tests compare these, never markup byte for byte."""

from html.parser import HTMLParser


class _Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.rows: list[list[str]] = []
        self.links: list[tuple[str, str]] = []
        self.selects: dict[str, list[tuple[str, str, bool]]] = {}
        self._cell: list[str] | None = None
        self._row: list[str] | None = None
        self._link: tuple[str, list[str]] | None = None
        self._select: str | None = None
        self._option: tuple[str, bool, list[str]] | None = None
        self._in_tbody = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "tbody":
            self._in_tbody = True
        elif tag == "tr" and self._in_tbody:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
        elif tag == "a":
            self._link = (attrs.get("href") or "", [])
        elif tag == "select":
            self._select = attrs.get("name") or ""
            self.selects[self._select] = []
        elif tag == "option" and self._select is not None:
            self._option = (attrs.get("value") or "", "selected" in attrs, [])

    def handle_endtag(self, tag):
        if tag == "tbody":
            self._in_tbody = False
        elif tag == "tr" and self._row is not None:
            self.rows.append(self._row)
            self._row = None
        elif tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "a" and self._link is not None:
            self.links.append((" ".join("".join(self._link[1]).split()), self._link[0]))
            self._link = None
        elif tag == "option" and self._option is not None and self._select is not None:
            value, selected, text = self._option
            self.selects[self._select].append((value, "".join(text).strip(), selected))
            self._option = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        for bucket in (self._cell, self._link and self._link[1], self._option and self._option[2]):
            if bucket is not None and bucket is not False:
                bucket.append(data)


def read(response_or_html) -> _Page:
    text = response_or_html if isinstance(response_or_html, str) else response_or_html.content.decode()
    page = _Page()
    page.feed(text)
    return page


def selected(page: _Page, name: str) -> list[str]:
    return [label for _value, label, chosen in page.selects[name] if chosen]
