"""A saved page's lead picture -> an `Image`: og:image or the article's first figure, with its words and size.

A picture saved beside the page (a browser's "Save page as" puts them in `<name>_files/`) is kept as a path
relative to the page's folder, with its size read from the file; any other is kept as its URL. Both come
from an untrusted page: a path must stay inside the page's folder and name a picture, a URL must be http(s).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from site_gen.content import Image
from site_gen.ingest import meta

PICTURES = (".jpg", ".jpeg", ".png", ".webp", ".gif")
MAX_TEXT = 500


def lead_image(html: str, page_url: str | None, folder: Path | None) -> Image | None:
    """Return the page's lead picture, or None when it has none."""
    import lxml.html

    try:
        doc = lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return None
    og = _first(doc.xpath("//meta[@property='og:image' or @name='og:image']/@content"))
    figure = _first(doc.xpath("//article//figure[.//img] | //main//figure[.//img] | //figure[.//img]"))
    img = _first(figure.xpath(".//img")) if figure is not None else None
    src = (img.get("src") or "").strip() if img is not None else ""
    if not src:
        src, img, figure = og.strip() if og else "", None, None
    if not src:
        return None
    caption = _words(figure.xpath("string(.//figcaption)")) if figure is not None else ""
    caption, credit = meta.split_credit(caption) if caption else ("", None)
    credit_el = _first(figure.xpath(".//*[contains(@class, 'credit')]")) if figure is not None else None
    if credit is None and credit_el is not None:
        credit = _words(credit_el.text_content())
        caption = _words(caption.replace(credit, "")) if credit else caption
    alt = _words(img.get("alt") or "") if img is not None else ""
    width, height = (_size(img.get("width")), _size(img.get("height"))) if img is not None else (0, 0)
    local = _local(src, folder)
    if local is not None:
        rel, (width, height) = local
        return Image(caption, credit or "", src=rel, alt=alt, width=width, height=height)
    url = urljoin(page_url or "", src)
    if urlsplit(url).scheme not in ("http", "https"):
        return Image(caption, credit or "", alt=alt) if caption else None
    return Image(caption, credit or "", src=url, alt=alt, width=width, height=height)


def _local(src: str, folder: Path | None) -> tuple[str, tuple[int, int]] | None:
    """Return (path relative to `folder`, size) when `src` names a picture saved there, else None."""
    if folder is None or urlsplit(src).scheme or src.startswith("//"):
        return None
    rel = unquote(urlsplit(src).path)
    if not rel or rel.startswith("/") or "\\" in rel or not rel.lower().endswith(PICTURES):
        return None
    base = folder.resolve()
    file = (base / rel).resolve()
    if not file.is_relative_to(base) or not file.is_file():
        return None
    try:
        from PIL import Image as PILImage, UnidentifiedImageError

        with PILImage.open(file) as picture:  # reads the header only
            size = picture.size
    except (OSError, UnidentifiedImageError, ValueError):
        return None
    return file.relative_to(base).as_posix(), size


def _first(items):
    return items[0] if items else None


def _words(text: str) -> str:
    return " ".join(text.split())[:MAX_TEXT]


def _size(value: str | None) -> int:
    try:
        n = int((value or "").strip().removesuffix("px"))
    except ValueError:
        return 0
    return n if 0 < n < 100_000 else 0
