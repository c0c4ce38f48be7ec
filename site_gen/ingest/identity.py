"""Which article a dump is of: its source URL made canonical, or, for a dump without one, its text.

A scraper fetches the same page again as it is updated, under spellings of one address that differ in
scheme, `www.`/`m.`/AMP variants, trailing slashes and tracking parameters: all of them are one article.
courlan (which trafilatura already brings) drops the tracking parameters and normalises the rest; the host
and path variants that mean the same page are folded here.
"""

from __future__ import annotations

import hashlib
import re
from urllib.parse import urlsplit, urlunsplit

from courlan import normalize_url

# Host prefixes that serve the same page as the bare host (mobile and AMP editions).
_HOST_VARIANTS = re.compile(r"^(?:www\d?|m|mobile|amp)\.(?=[^.]+\.)")
# AMP editions of a page: /amp/..., .../amp, .../amp.html, ...?amp / ?outputType=amp.
_AMP_PATH = re.compile(r"(?:^/amp(?=/)|/amp(?:\.html)?/?$|\.amp(?=\.html?$|/?$))")
_AMP_QUERY = re.compile(r"(?:^|&)(?:amp(?:=[^&]*)?|outputType=amp|output=amp)(?=&|$)")


def canonical_url(url: str) -> str:
    """Return one spelling for every address of the same page ("" when `url` is no web address)."""
    url = (url or "").strip()
    if not url:
        return ""
    try:
        url = normalize_url(url, strict=True)
        parts = urlsplit(url)
    except ValueError:
        return ""
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return ""
    host = _HOST_VARIANTS.sub("", parts.hostname.lower().rstrip("."))
    if parts.port and parts.port not in (80, 443):
        host = f"{host}:{parts.port}"
    path = _AMP_PATH.sub("", parts.path).rstrip("/") or "/"
    query = _AMP_QUERY.sub("", parts.query).strip("&")
    return urlunsplit(("https", host, path, query, ""))


def text_identity(body_markdown: str) -> str:
    """Return the identity of an article without a source URL: a digest of its body as ingest writes it."""
    words = " ".join(body_markdown.split())
    return "text:" + hashlib.blake2b(words.encode("utf-8"), digest_size=16).hexdigest()


def identity(source_url: str | None, body_markdown: str) -> str:
    """Return what identifies an article: its canonical source URL, else its text."""
    url = canonical_url(source_url or "")
    return f"url:{url}" if url else text_identity(body_markdown)
