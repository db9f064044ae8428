"""Page objects: what a fetched page or document says, parsed lazily, built from inputs alone.

A page object holds its inputs (URL, headers, body) and exposes typed, cached outputs. It never sees a Scrapy
response, so the same object is built by the spider, by ``check --file`` and by tests from fixture bytes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from urllib.parse import urldefrag, urlencode, urljoin

from selectolax.lexbor import LexborHTMLParser, LexborNode

_WS = re.compile(r"\s+")
_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([\w-]+)""", re.I)
# Page chrome that is never content: navigation, banners, footers, cookie notices, scripts.
CHROME = "script, style, noscript, template, nav, header, footer, [role=navigation], [role=banner], [aria-hidden=true]"
COOKIE = re.compile(r"cookie|consent|gdpr-banner", re.I)
BLOCK_TAGS = "h1, h2, h3, h4, h5, h6, p, li, dt, dd, td, th, address, blockquote, figcaption, caption, summary"
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_LOCATOR = "data-cctv-audit-locator"
_CSS_IDENT = re.compile(r"^-?[A-Za-z_][\w-]*$", re.ASCII)
_WINDOWS_1252_LABELS = frozenset({"iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "us-ascii", "ascii"})
CONTAINERS = frozenset({"li", "td", "th", "dd", "blockquote"})
NESTED_BLOCKS = "p, li, h2, h3, h4, td"


def squash(text: str) -> str:
    """Collapse runs of white space to one space."""
    return _WS.sub(" ", text).strip()


@dataclass(frozen=True)
class TextBlock:
    """A paragraph-sized piece of text with where it sits."""

    text: str
    locator: str
    """A CSS path for HTML, ``page N`` for a document."""
    heading: str = ""
    """The nearest heading above the block (its section)."""
    level: int = 0
    """1–6 when the block is itself a heading, else 0."""


@dataclass(frozen=True)
class Link:
    """A hyperlink with the context that helps to judge where it leads."""

    url: str
    text: str
    heading: str = ""
    """The nearest heading above the link."""


def decode_html(body: bytes, headers: Mapping[str, str] | None = None) -> str:
    """Decode an HTML body using the HTTP charset, else the meta charset, else UTF-8 (lossy)."""
    charset = None
    content_type = (headers or {}).get("content-type", "")
    if "charset=" in content_type:
        charset = content_type.split("charset=", 1)[1].split(";")[0].strip().strip("\"'")
    if not charset:
        match = _CHARSET.search(body[:4096])
        charset = match.group(1).decode("ascii", "ignore") if match else "utf-8"
    # Browsers read these labels as windows-1252 (WHATWG Encoding): curly quotes and dashes sit in 0x80–0x9F.
    if charset.lower() in _WINDOWS_1252_LABELS:
        charset = "cp1252"
    try:
        return body.decode(charset, errors="replace")
    except LookupError:
        return body.decode("utf-8", errors="replace")


def _has_nested_block(node: LexborNode) -> bool:
    """Whether a container holds a block of its own (li > p), whose text is then taken from that block.

    Lexbor's ``css`` on a node also matches the node itself, so it is excluded by identity.
    """
    return any(inner.mem_id != node.mem_id for inner in node.css(NESTED_BLOCKS))


def css_path(node: LexborNode, siblings: dict[int, dict[int, tuple[int, int]]] | None = None) -> str:
    """A CSS path from ``body`` down to ``node`` using ``tag:nth-of-type(n)`` where it is ambiguous.

    ``siblings`` memoises each parent's children (child → (index among its tag, count of its tag)), so
    locating every block of a page costs one pass over each parent's children, not one per block.
    """
    if siblings is None:
        siblings = {}
    parts: list[str] = []
    current: LexborNode | None = node
    while current is not None and current.tag not in ("body", "html", "-document", None):
        parent = current.parent
        part = str(current.tag)
        # Only ids that are plain CSS identifiers: ``#a:b`` or ``#x y`` would be a broken or wrong selector.
        if _CSS_IDENT.match(current.attributes.get("id") or ""):
            parts.append(f"{part}#{current.attributes['id']}")
            break
        if parent is not None:
            index, count = _sibling_index(parent, current, siblings)
            if count > 1:
                part += f":nth-of-type({index})"
        parts.append(part)
        current = parent
    return " > ".join(reversed(parts)) or "body"


def _sibling_index(
    parent: LexborNode, child: LexborNode, memo: dict[int, dict[int, tuple[int, int]]]
) -> tuple[int, int]:
    children = memo.get(parent.mem_id)
    if children is None:
        counts: dict[str | None, int] = {}
        ordered = []
        for c in parent.iter():
            counts[c.tag] = counts.get(c.tag, 0) + 1
            ordered.append((c.mem_id, c.tag, counts[c.tag]))
        children = memo[parent.mem_id] = {mem_id: (index, counts[tag]) for mem_id, tag, index in ordered}
    return children.get(child.mem_id, (1, 1))


class HtmlPage:
    """An HTML page: title, headings, links, and its main content as text blocks."""

    def __init__(self, url: str, body: bytes, headers: Mapping[str, str] | None = None, status: int = 200):
        self.url = url
        self.body = body
        self.headers = {k.lower(): v for k, v in (headers or {}).items()}
        self.status = status

    @cached_property
    def tree(self) -> LexborHTMLParser:
        return LexborHTMLParser(decode_html(self.body, self.headers))

    @cached_property
    def base_url(self) -> str:
        base = self.tree.css_first("base[href]")
        href = base.attributes.get("href") if base else None
        return urljoin(self.url, href) if href else self.url

    @cached_property
    def title(self) -> str:
        node = self.tree.css_first("title")
        return squash(node.text()) if node else ""

    @cached_property
    def h1(self) -> str:
        node = self.content.css_first("h1") or self.tree.css_first("h1")
        return squash(node.text()) if node else ""

    @cached_property
    def lang(self) -> str:
        node = self.tree.css_first("html")
        return (node.attributes.get("lang") or "").lower() if node else ""

    @cached_property
    def alternates(self) -> dict[str, str]:
        """hreflang alternates: language code → absolute URL."""
        found: dict[str, str] = {}
        for node in self.tree.css("link[rel=alternate][hreflang], a[hreflang]"):
            href, lang = node.attributes.get("href"), node.attributes.get("hreflang")
            if href and lang:
                found.setdefault(lang.lower(), urljoin(self.base_url, href))
        return found

    @cached_property
    def links(self) -> list[Link]:
        """Every followable link on the page (chrome included: menus are how sites are navigated)."""
        body = self.tree.body
        return self._links(body) if body is not None else []

    @cached_property
    def content_links(self) -> list[Link]:
        """The links inside the main content, without menus, banners and footers."""
        return self._links(self.content)

    @cached_property
    def content_images(self) -> list[Link]:
        """The images inside the main content, as links to the image with its alt text (or title) as the text.

        A certification mark is often only an image: criteria.md asks for its ``alt``, ``title`` and file name.
        """
        images: list[Link] = []
        heading = ""
        for node in self.content.traverse():
            if node.tag in HEADINGS:
                heading = squash(node.text())
            elif node.tag == "img":
                src = (node.attributes.get("src") or "").strip()
                if not src or src.startswith("data:"):
                    continue
                text = squash(node.attributes.get("alt") or node.attributes.get("title") or "")
                images.append(Link(urldefrag(urljoin(self.base_url, src))[0], text, heading))
        return images

    def _links(self, root: LexborNode) -> list[Link]:
        links: list[Link] = []
        heading = ""
        for node in root.traverse():
            tag = node.tag
            if tag in HEADINGS:
                heading = squash(node.text())
            elif tag == "a":
                href = (node.attributes.get("href") or "").strip()
                if not href or href.startswith(("#", "mailto:", "tel:", "javascript:", "data:")):
                    continue
                url = urldefrag(urljoin(self.base_url, href))[0]
                text = squash(node.text()) or (node.attributes.get("title") or "")
                links.append(Link(url, text, heading))
        return links

    def search_url(self, term: str) -> str | None:
        """The URL of the site's own search for ``term``, if the page has a GET search form."""
        for form in self.tree.css("form"):
            if (form.attributes.get("method") or "get").lower() != "get":
                continue
            field = form.css_first("input[type=search], input[name=q], input[name=query], input[name=search], "
                                   "input[name=keywords], input[name=s], input[name=term]")  # fmt: skip
            name = field.attributes.get("name") if field else None
            if not name:
                continue
            action = urljoin(self.base_url, form.attributes.get("action") or self.url)
            hidden = [(h.attributes.get("name") or "", h.attributes.get("value") or "")
                      for h in form.css("input[type=hidden]") if h.attributes.get("name")]  # fmt: skip
            return action.split("?", 1)[0] + "?" + urlencode([*hidden, (name, term)])
        return None

    @cached_property
    def content(self) -> LexborNode:
        """The main content: ``<main>`` or ``[role=main]`` if present, else the body, without chrome."""
        tree = LexborHTMLParser(self.tree.html or "")
        # Locate blocks before chrome is removed, so nth-of-type counts match the page as published (a removed
        # cookie-banner <div> must not shift the index of the content <div> beside it).
        siblings: dict[int, dict[int, tuple[int, int]]] = {}
        for node in tree.css(BLOCK_TAGS):
            node.attrs[_LOCATOR] = css_path(node, siblings)
        for node in tree.css(CHROME):
            node.decompose()
        for node in tree.css("[id], [class]"):
            marker = f"{node.attributes.get('id') or ''} {node.attributes.get('class') or ''}"
            if COOKIE.search(marker):
                node.decompose()
        main = tree.css_first("main, [role=main], #main-content, #content, article")
        return main or tree.body or tree.root  # type: ignore[return-value]

    @cached_property
    def blocks(self) -> list[TextBlock]:
        """The main content's text blocks in document order, each with its section heading."""
        blocks: list[TextBlock] = []
        heading = ""
        for node in self.content.css(BLOCK_TAGS):
            # Skip containers whose text is already covered by a nested block (li > p, td > p).
            if node.tag in CONTAINERS and _has_nested_block(node):
                continue
            text = squash(node.text(separator=" "))
            if not text:
                continue
            level = int(node.tag[1]) if node.tag in HEADINGS else 0
            if level:
                heading = text
            blocks.append(TextBlock(text, node.attributes.get(_LOCATOR) or css_path(node), heading, level))
        return blocks

    @cached_property
    def text(self) -> str:
        return "\n".join(b.text for b in self.blocks)
