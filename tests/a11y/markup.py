"""The structure checks of browser.structure_problems made on the HTML the server sends, without a browser.

A page load in Chromium costs about three times the server's answer; the test client's answer, parsed here, lets
every page of every role be checked in both languages while the browser opens each template (with each set of
forms) once. What needs CSS is approximated from the markup: a control inside `hidden`, `.d-none`,
`.visually-hidden`, a closed `<details>` or a collapsed `.collapse` is not shown, and a label that is (or is
inside) `.visually-hidden` is not a visible label. The browser's own check runs on every template, so what
this approximation misses is still caught there.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
UNLABELLED_TYPES = {"hidden", "submit", "button", "reset", "image"}


@dataclass
class _Element:
    tag: str
    attrs: dict
    shown: bool  # neither this element nor an ancestor hides it
    hides: bool  # its content is not shown (it is not, or it is a closed <details>)
    label: int | None = None  # the index of the <label> it is in


@dataclass
class _Label:
    target: str | None
    visible: bool
    text: list[str] = field(default_factory=list)
    controls: list[int] = field(default_factory=list)


def _hidden(attrs: dict) -> bool:
    classes = set((attrs.get("class") or "").split())
    return (
        "hidden" in attrs
        or bool(classes & {"d-none", "visually-hidden"})
        or ("collapse" in classes and "show" not in classes)
    )


class _Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[_Element] = []
        self.counts: dict[str, int] = {}
        self.ids: set[str] = set()
        self.skip_targets: list[str] = []
        self.labels: list[_Label] = []
        self.controls: list[tuple[dict, int | None]] = []  # (attributes, enclosing label)
        self.title: list[str] = []
        self.in_title = False

    def handle_starttag(self, tag, attrs):
        attrs = {k: (v or "") for k, v in attrs}
        parent = self.stack[-1] if self.stack else None
        if parent is None:
            shown = True
        elif parent.tag == "details" and tag == "summary":
            shown = parent.shown  # a closed <details> still shows its summary
        else:
            shown = not parent.hides
        shown = shown and not _hidden(attrs)
        hidden = not shown
        label = parent.label if parent else None
        self.counts[tag] = self.counts.get(tag, 0) + 1
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "a" and "skip-link" in (attrs.get("class") or "").split():
            self.skip_targets.append(attrs.get("href", ""))
        if tag == "label":
            self.labels.append(_Label(attrs.get("for"), not hidden))
            label = len(self.labels) - 1
        if tag in {"input", "select", "textarea"} and not hidden and attrs.get("type") not in UNLABELLED_TYPES:
            self.controls.append((attrs, label))
        if tag == "title":
            self.in_title = True
        if tag not in VOID:
            closed = tag == "details" and "open" not in attrs
            self.stack.append(_Element(tag, attrs, shown, hidden or closed, label))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag == "title":
            self.in_title = False
        for index in range(len(self.stack) - 1, -1, -1):  # close up to the matching element
            if self.stack[index].tag == tag:
                del self.stack[index:]
                break

    def handle_data(self, data):
        if self.in_title:
            self.title.append(data)
        element = self.stack[-1] if self.stack else None
        if element is not None and element.label is not None and element.shown:
            self.labels[element.label].text.append(data)


def markup_problems(html: str) -> tuple[list[str], str]:
    """(problems, title) of a page's HTML: what browser.structure_problems reports, from the markup alone."""
    page = _Page()
    page.feed(html)
    page.close()
    problems = [f"no <{tag}> landmark" for tag in ("header", "nav", "main", "footer") if not page.counts.get(tag)]
    if page.counts.get("main", 0) != 1:
        problems.append("not exactly one <main>")
    if page.counts.get("h1", 0) != 1:
        problems.append(f"{page.counts.get('h1', 0)} <h1> elements (want 1)")
    if not any(href.startswith("#") and href[1:] in page.ids for href in page.skip_targets):
        problems.append("no working skip link target")
    visible_text = {}
    for label in page.labels:
        if label.visible and "".join(label.text).strip() and label.target:
            visible_text[label.target] = True
    for attrs, enclosing in page.controls:
        wrapped = (
            enclosing is not None and page.labels[enclosing].visible and "".join(page.labels[enclosing].text).strip()
        )
        by = [i for i in (attrs.get("aria-labelledby") or "").split() if i in page.ids]
        if not (visible_text.get(attrs.get("id", "")) or wrapped or by):
            described = " ".join(f'{k}="{v}"' for k, v in attrs.items())[:120]
            problems.append(f"control without a visible label: <{described}>")
    return problems, " ".join("".join(page.title).split())
