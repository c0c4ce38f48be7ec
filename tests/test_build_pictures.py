"""Pictures: a local picture becomes responsive variants (converted once, pruned when gone); others are words."""

from __future__ import annotations

import io
import os
import re

from PIL import Image as PILImage

from site_gen.ingest.html import clean_html
from site_gen.ingest.mdfile import front_matter
from tests.build_helpers import build_site, md, page, snapshot
from tests.conftest import make_tree, run_cli
from tests.test_incremental import clean_build, files


def png(width: int = 1200, height: int = 800, colour=(30, 90, 140)) -> bytes:
    out = io.BytesIO()
    PILImage.new("RGB", (width, height), colour).save(out, "PNG")
    return out.getvalue()


LOCAL = {"caption": "The lamp lit at dusk.", "credit": "Gazette", "src": "raw/page_files/lamp.png",
         "alt": "A lighthouse <b>at dusk</b>", "width": 1200, "height": 800}


def site(tmp_path, images, **settings):
    make_tree(tmp_path, {"raw/page_files/lamp.png": png()})
    return build_site(tmp_path, {"lamp.md": md("Lamp lit", "The lamp was lit.", images=images,
                                                  date="2025-03-18")}, **settings)


def test_a_local_picture_is_shown_in_sizes_for_phones_and_desktops(tmp_path):
    result, out, _ = site(tmp_path, [LOCAL], base_url="https://news.example/")
    html = page(out, "articles/lamp/index.html")
    picture = re.search(r"<picture>.*?</picture>", html).group(0)
    assert 'type="image/webp" srcset="../../media/lamp/1-480.webp 480w, ../../media/lamp/1-960.webp 960w, ' \
           '../../media/lamp/1-1200.webp 1200w"' in picture
    assert 'width="1200" height="800"' in picture and 'alt="A lighthouse &lt;b&gt;at dusk&lt;/b&gt;"' in picture
    assert 'loading="lazy"' not in picture  # the lead picture is above the fold: loaded at once
    assert "<figcaption>The lamp lit at dusk." in html
    for width, height in ((480, 320), (960, 640), (1200, 800)):
        with PILImage.open(out / f"media/lamp/1-{width}.webp") as webp:
            assert webp.format == "WEBP" and webp.size == (width, height)
        with PILImage.open(out / f"media/lamp/1-{width}.jpg") as jpeg:
            assert jpeg.format == "JPEG" and jpeg.size == (width, height)
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert '<meta property="og:image" content="https://news.example/media/lamp/1-1200.jpg">' in html


def test_pictures_are_converted_once_and_removed_when_gone(tmp_path):
    site(tmp_path, [LOCAL])
    out = tmp_path / "out"
    before = {k: v for k, v in snapshot(out).items() if k.startswith("media/")}
    assert len(before) == 6
    result, _, _ = build_site(tmp_path, {"other.md": md("Other", "Words.")})  # another article: no conversion
    assert not [p for p in result.written if p.startswith("media/")]
    assert {k: v for k, v in snapshot(out).items() if k.startswith("media/")} == before
    manifest = (out / ".site-gen-manifest.json").read_text()
    assert "media/lamp/1-480.webp" in manifest
    make_tree(tmp_path, {"raw/page_files/lamp.png": png(colour=(200, 40, 40))})  # the picture itself changes
    result, _, _ = build_site(tmp_path, {})
    assert sorted(p for p in result.written if p.startswith("media/")) == sorted(before)
    build_site(tmp_path, {"lamp.md": md("Lamp lit", "The lamp was lit.", date="2025-03-18")})
    assert not (out / "media").exists()
    assert "<picture>" not in page(out, "articles/lamp/index.html")


def test_a_caption_without_a_picture_says_what_it_is(tmp_path):
    _, out, _ = site(tmp_path, [{"caption": "Passengers board a ferry.", "credit": "AFP", "file_photo": True}])
    html = page(out, "articles/lamp/index.html")
    assert '<p class="photo-caption"><span class="label">Photo caption:</span> Passengers board a ferry. ' \
           '<span class="credit"><span>File photo:</span> AFP</span></p>' in html
    assert "<figure" not in html


def test_remote_pictures_are_linked_only_when_the_site_allows_it(tmp_path):
    remote = {"caption": "A ferry.", "src": "https://pictures.example/ferry.jpg", "width": 800, "height": 500}
    _, out, _ = site(tmp_path, [remote])
    html = page(out, "articles/lamp/index.html")
    assert "pictures.example" not in html and "Photo caption:" in html
    _, out, _ = site(tmp_path, [remote], remote_images=True)
    html = page(out, "articles/lamp/index.html")
    assert '<img src="https://pictures.example/ferry.jpg" alt="A ferry." width="800" height="500"' in html


def test_a_picture_path_cannot_lead_out_of_the_site(tmp_path):
    outside = dict(LOCAL, src="../secret.png")
    absolute = dict(LOCAL, src="/etc/lamp.png")
    script = dict(LOCAL, src="javascript:alert(1)//x.png")
    escape = dict(LOCAL, src="raw/\x1b[2Jlamp.png")  # a terminal's escape sequence, in a warning
    _, out, reporter = site(tmp_path, [outside, absolute, script, escape])
    html = page(out, "articles/lamp/index.html")
    assert "<picture>" not in html and "<img" not in html and "javascript:" not in html
    assert not (out / "media").exists()
    assert [w.message.split(":")[0] for w in reporter.warnings] == [
        "picture '../secret.png' is not in the site folder", "picture '/etc/lamp.png' is not in the site folder",
        "picture 'javascript", "picture 'raw/\\x1b[2Jlamp.png' is not there"]


def test_a_picture_that_is_not_there_is_left_out_said_so_and_shown_once_it_comes(tmp_path):
    lamp = tmp_path / "raw/page_files/lamp.png"
    lamp.parent.mkdir(parents=True)
    result, out, reporter = build_site(tmp_path, {"lamp.md": md("Lamp lit", "The lamp was lit.", images=[LOCAL],
                                                                date="2025-03-18")})
    html = page(out, "articles/lamp/index.html")
    assert "<picture" not in html and "<img" not in html and "media/" not in html  # no broken picture
    assert '<span class="label">Photo caption:</span> The lamp lit at dusk.' in html
    assert [str(w) for w in reporter.warnings] == [
        f"{tmp_path / 'content/lamp.md'}: picture 'raw/page_files/lamp.png' is not there: its page shows the "
        "caption without it"]
    assert result.errors == () and not (out / "media").exists()
    built = files(out)

    lamp.write_bytes(png())  # the picture comes: no article changed, yet its page shows it now
    result, out, reporter = build_site(tmp_path, {})
    assert "articles/lamp/index.html" in result.written and len(list((out / "media/lamp").iterdir())) == 6
    assert "<picture>" in page(out, "articles/lamp/index.html") and reporter.warnings == []
    assert files(out) == clean_build(tmp_path) != built

    lamp.unlink()  # and goes again
    result, out, reporter = build_site(tmp_path, {})
    assert len(reporter.warnings) == 1 and "<picture" not in page(out, "articles/lamp/index.html")
    assert not (out / "media").exists()
    assert files(out) == clean_build(tmp_path) == built
    again, _, _ = build_site(tmp_path, {})
    assert again.written == () and again.removed == ()


def test_every_build_says_which_pictures_cannot_be_shown_until_they_can(tmp_path):
    """The page stays without its picture: a build with nothing to do says so again, as does one that plans
    only another article's pages, as a clean build would."""
    sizeless = {k: v for k, v in LOCAL.items() if k not in ("width", "height")}
    missing = dict(LOCAL, src="raw/page_files/gone.png")
    articles = {"lamp.md": md("Lamp lit", "The lamp was lit.", images=[sizeless, missing], date="2025-03-18"),
                "other.md": md("Other", "Words.", date="2025-03-17")}
    make_tree(tmp_path, {"raw/page_files/lamp.png": png()})
    said = [f"{tmp_path / 'content/lamp.md'}: picture 'raw/page_files/lamp.png' has no width and height in the "
            "front matter: its page shows the caption without it",
            f"{tmp_path / 'content/lamp.md'}: picture 'raw/page_files/gone.png' is not there: its page shows the "
            "caption without it"]
    result, out, reporter = build_site(tmp_path, articles)
    assert [str(w) for w in reporter.warnings] == said and "<picture" not in page(out, "articles/lamp/index.html")
    pages = result.planned
    result, _, reporter = build_site(tmp_path, {})
    assert result.written == () and [str(w) for w in reporter.warnings] == said
    result, _, reporter = build_site(tmp_path, {"other.md": md("Other", "More words.", date="2025-03-17")})
    assert 0 < result.planned < pages and [str(w) for w in reporter.warnings] == said
    result, _, reporter = build_site(tmp_path, {"lamp.md": md("Lamp lit", "The lamp was lit.", date="2025-03-18")})
    assert 0 < result.planned < pages and reporter.warnings == []
    _, _, reporter = build_site(tmp_path, {})
    assert reporter.warnings == []


def test_a_picture_that_comes_as_another_article_does_is_shown_too(tmp_path):
    (tmp_path / "raw/page_files").mkdir(parents=True)
    lamp = md("Lamp lit", "The lamp was lit.", images=[LOCAL], date="2025-03-18", topic="Harbour")
    make_tree(tmp_path / "content", {"lamp.md": lamp, "fares.md": md("Fares rise", "Words.", topic="Business")})
    for written in (tmp_path / "content").iterdir():  # saved a while ago: the build trusts their look
        os.utime(written, (written.stat().st_mtime - 60,) * 2)
    build_site(tmp_path, {})
    (tmp_path / "raw/page_files/lamp.png").write_bytes(png())
    # another article moves (a new date), which has the whole site planned again
    _, out, _ = build_site(tmp_path, {"fares.md": md("Fares rise", "Words.", topic="Business", date="2025-03-20")})
    assert "<picture>" in page(out, "articles/lamp/index.html")
    assert files(out) == clean_build(tmp_path)


SAVED = """<html><head><title>Lamp lit</title>
<meta property="og:image" content="https://gazette.example/lamp.jpg"></head><body><article><h1>Lamp lit</h1>
<figure><img src="./page_files/lamp.png" alt="The lamp at dusk"><figcaption>The lamp lit at dusk. Photo: Gazette
</figcaption></figure>
<p>The breakwater lighthouse lit its restored lamp on Monday evening for the first time in three years.</p>
<p>A small crowd gathered on the promenade as the beam swept across the harbour mouth after sunset.</p>
<p>The port authority said the new mechanism turns on a bed of oil rather than a bath of mercury.</p>
</article></body></html>"""


def test_html_ingest_keeps_the_lead_picture_saved_beside_the_page(tmp_path):
    make_tree(tmp_path, {"raw/page_files/lamp.png": png(640, 400), "raw/page.html": SAVED})
    found = clean_html(SAVED, None, tmp_path / "raw")
    fields = front_matter(found, "lamp-lit", "raw/page.html")
    assert fields["images"] == [{"caption": "The lamp lit at dusk.", "credit": "Gazette",
                                 "src": "raw/page_files/lamp.png", "alt": "The lamp at dusk", "width": 640,
                                 "height": 400}]
    elsewhere = clean_html(SAVED.replace("./page_files/lamp.png", "../../etc/lamp.png"), None, tmp_path / "raw")
    assert not elsewhere.images[0].src.startswith(("/", "..")) and "etc" not in elsewhere.images[0].src


def test_a_saved_page_ingested_from_outside_the_site_says_its_picture_will_not_show(tmp_path):
    site_dir, elsewhere = tmp_path / "site", tmp_path / "downloads"
    make_tree(elsewhere, {"page_files/lamp.png": png(640, 400), "page.html": SAVED})
    make_tree(site_dir, {"content/raw/page_files/lamp.png": png(640, 400), "content/raw/page.html": SAVED})

    proc = run_cli("ingest", str(elsewhere), "--out", "from-elsewhere", cwd=site_dir)
    assert proc.returncode == 0, proc.stderr  # the article is written: its words are all there
    assert proc.stderr.count("warning:") == 1
    assert f"warning: {elsewhere / 'page.html'}: its picture lies outside the site folder" in proc.stderr
    built = run_cli("build", "--content", "from-elsewhere", "--out", "out1", "--no-search", cwd=site_dir)
    assert built.returncode == 0, built.stderr
    assert f"from-elsewhere/lamp-lit.md: picture '{elsewhere}/page_files/lamp.png' is not in the site folder: its " \
           "page shows the caption without it" in built.stderr
    assert "<picture" not in page(site_dir / "out1", "articles/lamp-lit/index.html")

    proc = run_cli("ingest", "content/raw", "--out", "inside", cwd=site_dir)  # kept inside the site: shown
    assert proc.returncode == 0 and "warning" not in proc.stderr, proc.stderr
    built = run_cli("build", "--content", "inside", "--out", "out2", "--no-search", cwd=site_dir)
    assert built.returncode == 0 and "warning" not in built.stderr, built.stderr
    assert "<picture>" in page(site_dir / "out2", "articles/lamp-lit/index.html")
