"""Pictures: an article's local images -> responsive variants in the site (WebP and JPEG, phone and desktop
widths), and the `<picture>` element pages show them with.

A variant's name says what it is made from (`media/<slug>/<n>-<width>.<ext>`), and its width and height follow
from the image's size in the front matter, so a page needs no pixels to be rendered. A variant is converted
once: its fingerprint is the source file's hash, and the build state keeps it like any output file's.
"""

from __future__ import annotations

import io
from functools import partial
from pathlib import Path
from typing import Callable, Iterable, NamedTuple

from site_gen.config import SiteConfig
from site_gen.content import Article, Image, is_remote, outside_site
from site_gen.errors import SiteError

WIDTHS = (480, 960, 1600)
"""Variant widths: a phone, a desktop column at 2x, and a cap for large screens."""
FORMATS = (("webp", "image/webp"), ("jpg", "image/jpeg"))
"""The formats each variant is written in: WebP first, JPEG for browsers without it."""
LOCAL_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".gif")
MEDIA = "media"
VERSION = 1
"""Bumped when conversion changes, so variants are made again."""


class Job(NamedTuple):
    """One variant to make: where it goes, from which file, at which width, in which format."""

    path: str
    source: Path
    width: int
    fmt: str


def picture_file(config: SiteConfig, image: Image) -> tuple[Path | None, str]:
    """Return (its file, "") when a page can show the image as a picture: a local picture in the site folder,
    there, with its size given; else (None, why not), or (where it was looked for, "is not there"), and pages
    show the image's words alone. An image that names no local picture (a remote one, words alone) gives
    (None, "").

    `src` comes from a dump: it must not name a file outside the site, nor anything but a picture.
    """
    src = image.src
    if not src or is_remote(src):
        return None, ""
    if outside_site(src):
        return None, "is not in the site folder"
    if not src.lower().endswith(LOCAL_SUFFIXES):
        return None, f"is not a picture ({', '.join(LOCAL_SUFFIXES)})"
    source = config.root / src
    try:
        if not source.is_file():
            return source, "is not there"
        if not source.resolve().is_relative_to(config.root.resolve()):
            return None, "leads out of the site folder"
    except OSError as exc:
        return None, f"cannot be read: {exc.strerror or exc}"
    if not (image.width > 0 and image.height > 0):
        return None, "has no width and height in the front matter"
    return source, ""


def shown(config: SiteConfig, article: Article) -> tuple[bool, ...]:
    """Return which of the article's images a page shows as pictures (part of its page's key: a picture that
    comes or goes changes the page)."""
    return tuple(_shows(*picture_file(config, image)) for image in article.images)


def _shows(source: Path | None, why: str) -> bool:
    return source is not None and not why


def widths(width: int) -> list[int]:
    """Return the variant widths of a picture `width` pixels wide (never wider than it is)."""
    return [w for w in WIDTHS if w < width] + [min(width, WIDTHS[-1])]


def variant_path(slug: str, index: int, width: int, ext: str) -> str:
    return f"{MEDIA}/{slug}/{index + 1}-{width}.{ext}"


class Missing(NamedTuple):
    """A local picture an article names that no page can show (see `picture_file`)."""

    article: str
    """The article's file, as the build names it."""
    source: Path | None
    """Where it was looked for, when it is not there (when it comes, the pages showing it change); else None."""
    src: str
    """As the article names it."""
    why: str

    def error(self) -> SiteError:
        return SiteError(self.article, f"picture {self.src!r} {self.why}: its page shows the caption without it")


def jobs(articles: Iterable[Article], config: SiteConfig) -> tuple[list[Job], list[Missing]]:
    """Return the variants the articles' local pictures need, and the local pictures no page can show."""
    found, missing = [], []
    for a in articles:
        for i, image in enumerate(a.images):
            source, why = picture_file(config, image)
            if why:
                missing.append(Missing(a.path, source, image.src, why))
            elif source is not None:
                for w in widths(image.width):
                    for ext, _ in FORMATS:
                        found.append(Job(variant_path(a.slug, i, w, ext), source, w, ext))
    return found, missing


def fingerprint(job: Job, filedigest: Callable[[Path], bytes]) -> bytes | None:
    """Return what the variant is made from (None when the source file is not there: nothing to make)."""
    import hashlib

    try:
        source = filedigest(job.source)
    except OSError:
        return None
    return hashlib.blake2b(repr((VERSION, source, job.width, job.fmt)).encode(), digest_size=16).digest()


def makers(found: list[Job], filedigest: Callable[[Path], bytes]) -> list[tuple[str, Callable[[], bytes], bytes | None]]:
    """Return (output path, what makes its bytes, fingerprint) of each variant, as the build copies files."""
    return [(job.path, partial(convert, job), fingerprint(job, filedigest)) for job in found]


def kept(before: dict[str, tuple], articles: Iterable[Article | None]) -> list[tuple[str, tuple]]:
    """Return the variants the last build made, but for those of `articles` (edited: their own are planned
    again), with what the build state keeps of each."""
    mine = {a.slug for a in articles if a is not None and a.images}
    return [(path, old) for path, old in before.items()
            if path.startswith(f"{MEDIA}/") and path.split("/")[1] not in mine]


def convert(job: Job) -> bytes:
    """Return the variant's bytes: the picture scaled to `job.width`, without its metadata (EXIF, GPS...)."""
    from PIL import Image as PILImage, ImageOps

    with PILImage.open(job.source) as opened:
        picture = ImageOps.exif_transpose(opened)
        picture.load()
    if picture.mode not in ("RGB", "L"):
        background = PILImage.new("RGB", picture.size, (255, 255, 255))
        rgba = picture.convert("RGBA")
        background.paste(rgba, mask=rgba.getchannel("A"))
        picture = background
    if picture.width > job.width:
        height = max(1, round(picture.height * job.width / picture.width))
        picture = picture.resize((job.width, height), PILImage.Resampling.LANCZOS)
    out = io.BytesIO()
    if job.fmt == "webp":
        picture.save(out, "WEBP", quality=80, method=4)
    else:
        picture.convert("RGB").save(out, "JPEG", quality=82, optimize=True, progressive=True)
    return out.getvalue()


class Shown(NamedTuple):
    """How a page shows one image: its HTML (empty: no picture, only words), a URL for sharing, its alt text."""

    html: str
    share: str
    alt: str


def picture(config: SiteConfig, article: Article, index: int, url: Callable[[str], str],
            abs_url: Callable[[str], str]) -> Shown:
    """Return how a page shows the article's image `index`: a responsive <picture> for a local one, an <img>
    for a remote one when the site allows it, else nothing."""
    from markupsafe import Markup

    if index >= len(article.images):
        return Shown(Markup(""), "", "")
    image = article.images[index]
    alt = image.alt or image.caption
    eager = index == 0  # the lead picture is above the fold: load it at once; the others when scrolled to
    loading = Markup('') if eager else Markup(' loading="lazy"')
    if _shows(*picture_file(config, image)):
        ws = widths(image.width)
        height = round(image.height * ws[-1] / image.width)
        sources = Markup("").join(
            Markup('<source type="{}" srcset="{}" sizes="(min-width: 46rem) 44rem, 100vw">').format(
                mime, ", ".join(f"{url(variant_path(article.slug, index, w, ext))} {w}w" for w in ws))
            for ext, mime in FORMATS)
        fallback = variant_path(article.slug, index, min(ws, key=lambda w: abs(w - 960)), "jpg")
        html = Markup('<picture>{}<img src="{}" alt="{}" width="{}" height="{}" decoding="async"{}></picture>').format(
            sources, url(fallback), alt, ws[-1], height, loading)
        return Shown(html, abs_url(variant_path(article.slug, index, ws[-1], "jpg")), alt)
    if image.src and is_remote(image.src) and config.remote_images:
        size = Markup(' width="{}" height="{}"').format(image.width, image.height) if image.width and image.height \
            else Markup("")
        html = Markup('<img src="{}" alt="{}"{} decoding="async" referrerpolicy="no-referrer"{}>').format(
            image.src, alt, size, loading)
        return Shown(html, image.src, alt)
    return Shown(Markup(""), "", "")
