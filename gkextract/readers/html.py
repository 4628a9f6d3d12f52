"""HTML reader: web pages of reports (often GBK, wrapped in site chrome and layout tables) to a Document.

The page is decoded by readers.encoding (BOM, then strict UTF-8, then the declared charset, then
detection), site chrome
is dropped, and the body is walked in document order: every visual line becomes a Paragraph and every
data table a Table whose rowspan/colspan are expanded into a rectangular grid (text top-left, "" in
covered positions), keeping where each row's distinct cells start (Table.origins: hand-edited header and
data spans may disagree, tables/align.py).
Layout tables (cells holding whole paragraphs or further tables) are walked into instead of flattened.
"""
from __future__ import annotations

import re
from pathlib import Path

import lxml.etree
import lxml.html

from ..document import IMAGE_LINE, Block, Document, Paragraph, Table
from ..errors import ReadError
from .cells import WS, WS_RUN, clean_cell, drop_blank, mostly_prose
from .encoding import Refusals, decode
from .htmltree import deep_body
from .normalise import split_paragraphs

# Elements that never hold report text.
NOISE_TAGS = ("script", "style", "noscript", "template", "nav", "iframe", "object", "embed", "svg",
              "canvas", "select", "button", "input", "textarea", "option", "audio", "video")
# Semantic chrome elements and id/class fragments of site chrome (menus, banners, share bars...).
CHROME_TAGS = ("header", "footer", "aside", "form")
CHROME_MARKERS = ("nav", "menu", "header", "footer", "breadcrumb", "crumb", "share", "sidebar",
                  "side-bar", "toolbar", "topbar", "banner", "copyright", "search", "login", "skip",
                  "dqwz", "weizhi", "position")
# A chrome-looking element holding this share of the body text is the article, not chrome.
ARTICLE_SHARE = 0.4
# Table parts are never site chrome themselves (a header row class must not cost the table its header).
TABLE_PARTS = ("table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "colgroup", "col")
# Elements that start and end a visual line.
BLOCK_TAGS = frozenset((
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "blockquote",
    "pre", "section", "article", "main", "center", "address", "figure", "figcaption", "hr", "caption",
    "tr", "td", "th", "thead", "tbody", "tfoot", "body", "header", "footer", "aside", "form", "fieldset",
    "legend", "details", "summary",
))
MAX_COLSPAN = 1000  # the HTML spec's limits; anything larger is an authoring error
MAX_ROWSPAN = 65534

_DECLARED_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
# A source line break between two CJK characters is not a space in the text (CSS segment-break rule).
_CJK = r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]"
_CJK_BREAK = re.compile(rf"(?<={_CJK}){WS}*[\r\n]{WS}*(?={_CJK})")


def read_html(path: Path, raw: bytes, sha256: str) -> Document:
    """Read an HTML report page into paragraphs (one per visual line) and table grids."""
    body = _parse_body(path, decode_html(path, raw))
    strip_noise(body)
    blocks = split_paragraphs(_BlockWalker().walk(body))   # a whole body in one <p>: cut at its headings
    if not any(_has_text(block) for block in blocks):
        raise ReadError(path, "no text found in the HTML body")
    return Document.build(str(path), "html", sha256, blocks)


# ---------------------------------------------------------------------------------------------- decoding

HTML_PAGE = Refusals("binary data, not an HTML page",
                     "cannot decode the file as text (binary data or unknown encoding)")


def decode_html(path: Path, raw: bytes) -> str:
    """The page as text: readers.encoding's decoder, told the charset the page declares (BOM and strict
    UTF-8 still go first: mirrors re-save GBK pages as UTF-8 and keep the old <meta charset>)."""
    return decode(path, raw, declared=_declared_encoding(raw), refusals=HTML_PAGE)


def _declared_encoding(raw: bytes) -> str | None:
    """The charset named in a <meta charset> or http-equiv Content-Type near the top of the page, or in
    an XHTML page's XML declaration."""
    head = raw[:8192]
    match = _DECLARED_CHARSET.search(head) or _XML_ENCODING.match(head)
    return match.group(1).decode("ascii") if match else None


# ---------------------------------------------------------------------------------------------- parsing

def _parse_body(path: Path, text: str) -> lxml.html.HtmlElement:
    # lxml refuses str input that carries an XML encoding declaration (XHTML pages); the text is decoded.
    text = close_title(_XML_DECLARATION.sub("", text, count=1))
    # huge_tree: text nodes over 10 MB and nesting past 256 levels; libxml2 still stops at 2,048 levels
    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, huge_tree=True)
    try:
        root = lxml.html.document_fromstring(text, parser=parser)
    except (lxml.etree.ParserError, ValueError):
        raise ReadError(path, "no text found in the HTML body") from None
    if any(error.type_name == "ERR_RESOURCE_LIMIT" for error in parser.error_log):
        return deep_body(text)  # nested deeper than libxml2 goes: what a browser shows, built without it
    body = root.find("body")
    return body if body is not None else root


_TITLE_OPEN = re.compile(r"<title\b[^>]*>", re.IGNORECASE)
_TITLE_CLOSE = re.compile(r"</title\s*>", re.IGNORECASE)


def close_title(text: str) -> str:
    """A <title> that is never closed (a crawl cut or garbled ``</title>``) holds the rest of the page as
    its text: the whole report would read as one line of markup. It is closed where the next tag starts."""
    opened = _TITLE_OPEN.search(text)
    if opened is None or _TITLE_CLOSE.search(text, opened.end()):
        return text
    k = text.find("<", opened.end())
    return text if k < 0 else f"{text[:k]}</title>{text[k:]}"


def strip_noise(body: lxml.html.HtmlElement) -> None:
    """Drop scripts, styles, hidden elements and site chrome, keeping the article."""
    for element in list(body.iter(*NOISE_TAGS)):
        _drop(element)
    for element in list(body.iter(lxml.etree.Element)):
        if _is_hidden(element):
            _drop(element)
    body_chars = len(_visible_text(body))
    for element in list(body.iter(lxml.etree.Element)):
        if _looks_like_chrome(element) and not _holds_article(element, body_chars):
            _drop(element)


def _drop(element: lxml.html.HtmlElement) -> None:
    if element.getparent() is not None:
        element.drop_tree()  # keeps the element's tail text, which belongs to its parent


def _is_hidden(element: lxml.html.HtmlElement) -> bool:
    style = (element.get("style") or "").replace(" ", "").lower()
    return "display:none" in style or "visibility:hidden" in style or element.get("hidden") is not None


def _looks_like_chrome(element: lxml.html.HtmlElement) -> bool:
    if element.tag in TABLE_PARTS:
        return False
    if element.tag in CHROME_TAGS:
        return True
    names = f"{element.get('id') or ''} {element.get('class') or ''}".lower()
    return any(marker in names for marker in CHROME_MARKERS)


def _holds_article(element: lxml.html.HtmlElement, body_chars: int) -> bool:
    """A chrome-looking wrapper that holds the title or most of the text is the article itself."""
    if element.find(".//h1") is not None:
        return True
    return len(_visible_text(element)) >= ARTICLE_SHARE * body_chars > 0


def _visible_text(element: lxml.html.HtmlElement) -> str:
    return WS_RUN.sub("", element.text_content())


# ---------------------------------------------------------------------------------------------- text

def clean_line(text: str) -> str:
    """A paragraph line: source line breaks between CJK characters vanish, other whitespace runs -> one space."""
    return WS_RUN.sub(" ", _CJK_BREAK.sub("", text)).strip()


def cell_text(cell: lxml.html.HtmlElement) -> str:
    """A cell's inner text; <br> and block children are joined without separator (本年新<br>制作数量)."""
    pieces = []
    for event, node in lxml.etree.iterwalk(cell, events=("start", "end")):
        is_break = node.tag == "br" or node.tag in BLOCK_TAGS
        if event == "start":
            pieces.append("\n" if is_break else "")  # a break, removed by clean_cell with its indentation
            pieces.append(node.text or "")
        elif node is not cell:
            pieces.append("\n" if is_break else "")
            pieces.append(node.tail or "")
    return clean_cell("".join(pieces))


def _has_text(block: Block) -> bool:
    if isinstance(block, Paragraph):
        return bool(block.text.strip())
    return any(cell for row in block.rows for cell in row)


# ---------------------------------------------------------------------------------------------- tables

def own_rows(table: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    """The table's rows, not those of tables nested in its cells."""
    return table.xpath("./tr | ./thead/tr | ./tbody/tr | ./tfoot/tr")


def own_cells(row: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    return row.xpath("./td | ./th")


def is_content_image(img: lxml.html.HtmlElement) -> bool:
    """A picture of the body, not an icon, a QR code or a spacer: not declared smaller than 100 px."""
    sizes = [_span(img, name, 0, 100000) for name in ("width", "height")]
    return not any(0 < size < 100 for size in sizes)


def is_layout_table(table: lxml.html.HtmlElement) -> bool:
    """A table used to lay out the page: a cell holds another table, or most cells hold prose."""
    cells = [cell for row in own_rows(table) for cell in own_cells(row)]
    if any(cell.find(".//table") is not None for cell in cells):
        return True
    texts = [text for text in map(cell_text, cells) if text]
    if not texts:
        return True  # spacer or image table: nothing to keep as a grid
    return mostly_prose(texts)


def _span(cell: lxml.html.HtmlElement, name: str, default: int, limit: int) -> int:
    """A rowspan/colspan value; junk like "2px" reads as its leading digits, unreadable as the default."""
    match = re.match(r"\s*(\d+)", cell.get(name) or "")
    # at most 7 significant digits reach int(): more is over any limit (and int() refuses 4,300 of them)
    return min(int(match.group(1).lstrip("0")[:7] or "0"), limit) if match else default


def table_grid(table: lxml.html.HtmlElement) -> list[list[str]]:
    """The data table as a rectangular grid: spans expanded, text top-left, "" in covered positions."""
    return table_cells(table)[0]


def table_cells(table: lxml.html.HtmlElement) -> tuple[list[list[str]], list[list[bool]]]:
    """The grid (as ``table_grid``) and, per row, where that row's distinct cells start (see
    ``Table.origins``): hand-edited header and data spans may disagree, and only the cells tell."""
    rows = own_rows(table)
    n_rows = len(rows)
    grid: dict[tuple[int, int], str] = {}
    owner: dict[tuple[int, int], int] = {}  # position -> the cell covering it (its index in the table)
    k = 0
    for r, row in enumerate(rows):
        c = 0
        for cell in own_cells(row):
            while (r, c) in grid:  # skip positions covered by a rowspan from above
                c += 1
            colspan = max(_span(cell, "colspan", 1, MAX_COLSPAN), 1)
            rowspan = _span(cell, "rowspan", 1, MAX_ROWSPAN)
            # rowspan=0 spans to the end; spans past the last row are clipped, as browsers do.
            rowspan = n_rows - r if rowspan == 0 else min(rowspan, n_rows - r)
            for dr in range(rowspan):
                for dc in range(colspan):
                    grid[(r + dr, c + dc)] = ""
                    owner[(r + dr, c + dc)] = k
            grid[(r, c)] = cell_text(cell)
            c += colspan
            k += 1
    width = max((c for _, c in grid), default=-1) + 1
    lines = [[grid.get((r, c), "") for c in range(width)] for r in range(n_rows)]
    origins = [[(r, c) in owner and (c == 0 or owner.get((r, c - 1)) != owner[(r, c)]) for c in range(width)]
               for r in range(n_rows)]
    return drop_blank(lines, origins)


# ---------------------------------------------------------------------------------------------- walking

_ENTER, _TAIL, _EXIT = range(3)  # the walker's steps: an element's start, its tail text, its end


class _BlockWalker:
    """Walks the body in document order, turning visual lines into Paragraphs and data tables into Tables."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.line: list[str] = []
        self.in_pre = 0

    def walk(self, body: lxml.html.HtmlElement) -> list[Block]:
        # an explicit stack, not recursion: pages come nested 10,000+ levels deep
        stack: list[tuple[int, lxml.html.HtmlElement]] = [(_ENTER, body)]
        while stack:
            step, element = stack.pop()
            if step == _TAIL:
                self._add_text(element.tail)
                continue
            tag = element.tag if isinstance(element.tag, str) else ""
            is_block = tag in BLOCK_TAGS or tag == "table"
            if step == _EXIT:
                self.in_pre -= tag == "pre"
                if is_block:
                    self._flush()
            elif tag == "table" and not is_layout_table(element):
                self._flush()
                self._emit_table(element)
            elif tag == "br":
                self._flush()
            elif tag == "img" and is_content_image(element):
                self._flush()
                self.blocks.append(Paragraph(IMAGE_LINE))
            else:
                if is_block:
                    self._flush()
                self.in_pre += tag == "pre"
                self._add_text(element.text)
                stack.append((_EXIT, element))
                for child in reversed(element):
                    stack.append((_TAIL, child))
                    stack.append((_ENTER, child))
        self._flush()
        return self.blocks

    def _emit_table(self, table: lxml.html.HtmlElement) -> None:
        caption = table.find("caption")
        if caption is not None:
            self.blocks.append(Paragraph(clean_line(caption.text_content())))
        rows, origins = table_cells(table)
        if rows:
            self.blocks.append(Table(rows, origins=origins))

    def _add_text(self, text: str | None) -> None:
        if not text:
            return
        if not self.in_pre:
            self.line.append(text)
            return
        first, *rest = text.split("\n")  # inside <pre> each source line is a visual line
        self.line.append(first)
        for piece in rest:
            self._flush()
            self.line.append(piece)

    def _flush(self) -> None:
        text = clean_line("".join(self.line))
        self.line = []
        if text:
            self.blocks.append(Paragraph(text))
