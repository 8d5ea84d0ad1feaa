"""A small streaming XML writer: escapes markup, drops XML-illegal characters, drains in chunks.

Finding aids of 100,000 expedientes are written element by element and handed to the
HTTP response or the file as they grow, so memory stays flat whatever the fondo's size.
"""

import re

# XML 1.0 Char production: everything else (C0 controls, lone surrogates, U+FFFE/FFFF)
# would make the document ill-formed, so it is removed rather than escaped.
_ILLEGAL_CLASS = "[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
_ILLEGAL = re.compile(_ILLEGAL_CLASS)
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
# One pass finds what needs replacing; most values need nothing and are returned as is.
_TEXT_SPECIAL = re.compile(f"[&<>]|{_ILLEGAL_CLASS}")
_ATTR_SPECIAL = re.compile(f"[&<>\"\t\n\r]|{_ILLEGAL_CLASS}")
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\t": "&#9;",
             "\n": "&#10;", "\r": "&#13;"}


def _entity(match: re.Match) -> str:
    return _ENTITIES.get(match.group(), "")  # illegal characters map to nothing


def clean(text: str) -> str:
    """`text` without the characters XML 1.0 cannot carry."""
    return _ILLEGAL.sub("", text)


def escape_text(text: str) -> str:
    """Character data safe inside an element."""
    return _TEXT_SPECIAL.sub(_entity, text) if _TEXT_SPECIAL.search(text) else text


def escape_attr(text: str) -> str:
    """Character data safe inside a double-quoted attribute (whitespace kept as such)."""
    return _ATTR_SPECIAL.sub(_entity, text) if _ATTR_SPECIAL.search(text) else text


class XmlWriter:
    """Write elements into an internal buffer; `drain()` returns the bytes written so far."""

    def __init__(self, *, declaration: bool = True) -> None:
        self._parts: list[str] = (['<?xml version="1.0" encoding="UTF-8"?>\n']
                                  if declaration else [])
        self._open: list[str] = []

    @staticmethod
    def _attrs(attrs: dict | None) -> str:
        if not attrs:
            return ""
        out = ""
        for key, value in attrs.items():
            if value is not None:
                out += f' {key}="{escape_attr(str(value))}"'
        return out

    def start(self, tag: str, attrs: dict | None = None) -> None:
        """Open `tag` (closed later by `end`)."""
        self._parts.append(f"<{tag}{self._attrs(attrs)}>\n")
        self._open.append(tag)

    def end(self) -> None:
        """Close the innermost open element."""
        self._parts.append(f"</{self._open.pop()}>\n")

    def leaf(self, tag: str, text: str | None = None, attrs: dict | None = None) -> None:
        """A complete element with text content (empty element when text is None)."""
        if text is None:
            self._parts.append(f"<{tag}{self._attrs(attrs)}/>\n")
        else:
            self._parts.append(f"<{tag}{self._attrs(attrs)}>{escape_text(text)}</{tag}>\n")

    def paragraphs(self, tag: str, text: str | None) -> None:
        """`<tag><p>…</p>…</tag>`, one p per blank-line-separated paragraph (nothing if empty)."""
        if not text:
            return
        paras = [p.strip() for p in _PARAGRAPH_BREAK.split(clean(text)) if p.strip()]
        if not paras:
            return
        self.start(tag)
        for para in paras:
            self.leaf("p", para)
        self.end()

    def raw(self, markup: str) -> None:
        """Insert markup produced by another XmlWriter (already escaped and clean)."""
        self._parts.append(markup)

    def drain(self) -> bytes:
        """The UTF-8 bytes written since the last drain."""
        data = "".join(self._parts).encode("utf-8")
        self._parts.clear()
        return data
