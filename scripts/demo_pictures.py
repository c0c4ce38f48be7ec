"""Draw the demo's own pictures (no photo of anyone or anywhere real): `python scripts/demo_pictures.py`.

The saved page content/raw/harbour-lighthouse-lamp.html shows them from its `_files/` folder, as a browser's
"Save page as" leaves them. The output is the same on every run (no randomness), so git sees no change.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

FOLDER = Path(__file__).resolve().parent.parent / "content" / "raw" / "harbour-lighthouse-lamp_files"


def lighthouse(width: int = 1600, height: int = 1000) -> Image.Image:
    """Return a dusk harbour with a lighthouse, its lamp lit, drawn in flat shapes."""
    picture = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(picture)
    horizon = int(height * 0.62)
    for y in range(horizon):  # sky: deep blue to amber
        t = y / horizon
        draw.line([(0, y), (width, y)], fill=(int(28 + 210 * t), int(42 + 120 * t), int(92 + 20 * t)))
    for y in range(horizon, height):  # sea
        t = (y - horizon) / (height - horizon)
        draw.line([(0, y), (width, y)], fill=(int(20 + 20 * t), int(60 + 30 * t), int(90 + 30 * t)))
    for n in range(40):  # glints on the water
        x, y = (n * 397) % width, horizon + 10 + (n * 131) % (height - horizon - 20)
        draw.line([(x, y), (x + 60, y)], fill=(230, 180, 110), width=3)
    draw.polygon([(0, horizon), (width * 0.45, horizon), (width * 0.4, horizon + 90), (0, horizon + 140)],
                 fill=(52, 46, 40))  # the breakwater
    base, top, cx = horizon + 40, int(height * 0.18), int(width * 0.22)
    draw.polygon([(cx - 70, base), (cx + 70, base), (cx + 40, top), (cx - 40, top)], fill=(236, 232, 222))
    for k in range(1, 4):  # red bands
        y = base - (base - top) * k // 4
        half = 40 + 30 * (y - top) // (base - top)
        draw.rectangle([cx - half, y - 22, cx + half, y + 22], fill=(170, 38, 42))
    draw.rectangle([cx - 48, top - 70, cx + 48, top], fill=(40, 40, 44))
    draw.ellipse([cx - 30, top - 62, cx + 30, top - 8], fill=(255, 236, 150))
    draw.polygon([(cx + 30, top - 50), (width, top - 160), (width, top + 40), (cx + 30, top - 20)],
                 fill=(250, 214, 140))  # the beam
    draw.polygon([(cx - 60, top - 70), (cx + 60, top - 70), (cx, top - 120)], fill=(40, 40, 44))
    return picture


def logo(size: int = 96) -> Image.Image:
    """Return the imaginary paper's masthead logo (a page saved from a browser holds such files too)."""
    picture = Image.new("RGB", (size, size), (16, 52, 88))
    ImageDraw.Draw(picture).ellipse([16, 16, size - 16, size - 16], outline=(255, 255, 255), width=8)
    return picture


def main() -> None:
    FOLDER.mkdir(parents=True, exist_ok=True)
    lighthouse().save(FOLDER / "lighthouse-dusk.jpg", "JPEG", quality=82, optimize=True)
    logo().save(FOLDER / "gazette-logo.png", "PNG", optimize=True)


if __name__ == "__main__":
    main()
