"""An lxml tree for pages nested deeper than libxml2 will parse.

libxml2's HTML parser drops everything below depth 256 (2,048 with ``huge_tree``): a report wrapped in
10,000 levels of ``<div>`` (a broken CMS template, repeated) parses to an empty body, though browsers show it.
Python's ``html.parser`` tokenises without any depth limit; this builds the lxml tree from its events,
with the implied end tags that matter for reading (a ``<td>``, ``<tr>``, ``<p>``, ``<li>`` closes an
open one of its kind within the same table or list) and void elements. Only used when the libxml2
tree hits its depth limit: it is slower and less forgiving than libxml2.
"""
from __future__ import annotations

from html.parser import HTMLParser

import lxml.html

VOID = frozenset(("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
                  "source", "track", "wbr"))
# A start tag closes the open element of these kinds, unless one of the stoppers is opened after it.
_CLOSES = {
    "td": ({"td", "th"}, {"tr", "table"}), "th": ({"td", "th"}, {"tr", "table"}),
    "tr": ({"tr", "td", "th"}, {"table", "tbody", "thead", "tfoot"}),
    "tbody": ({"tbody", "thead", "tfoot", "tr", "td", "th"}, {"table"}),
    "thead": ({"tbody", "thead", "tfoot", "tr", "td", "th"}, {"table"}),
    "tfoot": ({"tbody", "thead", "tfoot", "tr", "td", "th"}, {"table"}),
    "li": ({"li"}, {"ul", "ol"}), "p": ({"p"}, {"div", "td", "th", "li", "table", "body"}),
}
_SKIP = frozenset(("script", "style", "title"))  # text no page shows in its body


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = lxml.html.Element("html")
        self.body = lxml.html.etree.SubElement(self.root, "body")
        self.stack = [self.body]
        self.last = None  # the last closed child of stack[-1]: where text goes as its tail
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("html", "body", "head"):
            return
        if tag in _CLOSES:
            kinds, stoppers = _CLOSES[tag]
            for i in range(len(self.stack) - 1, 0, -1):
                open_tag = self.stack[i].tag
                if open_tag in stoppers:
                    break
                if open_tag in kinds:
                    self._pop_to(i)
                    break
        parent = self.stack[-1]
        try:
            element = lxml.html.etree.SubElement(parent, tag, {k: v or "" for k, v in attrs if _ok_name(k)})
        except ValueError:  # a tag or attribute name lxml refuses: keep its text only
            return
        self.skipping += tag in _SKIP
        if tag in VOID:
            self.last = element
        else:
            self.stack.append(element)
            self.last = None

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID and len(self.stack) > 1 and self.stack[-1].tag == tag:
            self._pop_to(len(self.stack) - 1)

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                self._pop_to(i)
                return

    def _pop_to(self, i: int) -> None:
        for element in self.stack[i:]:
            self.skipping -= element.tag in _SKIP
        self.last = self.stack[i]
        del self.stack[i:]

    def handle_data(self, data):
        if self.skipping:
            return
        if self.last is not None:
            self.last.tail = (self.last.tail or "") + data
        else:
            parent = self.stack[-1]
            parent.text = (parent.text or "") + data


def _ok_name(name: str) -> bool:
    return bool(name) and name.replace("-", "").replace("_", "").replace(":", "").isalnum()


def deep_body(text: str) -> lxml.html.HtmlElement:
    """The page's body as an lxml tree, however deep it is nested."""
    builder = _Builder()
    builder.feed(text)
    builder.close()
    return builder.body


def max_depth(root) -> int:
    """How deep the tree goes (iteratively: the tree may be deep)."""
    depth = deepest = 0
    for event, _ in lxml.html.etree.iterwalk(root, events=("start", "end")):
        depth += 1 if event == "start" else -1
        deepest = max(deepest, depth)
    return deepest
