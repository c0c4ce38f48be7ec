"""Write the fictional HTML pages of this folder and their true bodies: `python tests/data/html_pages/build_pages.py`.

Three layouts seen on news sites and blogs, each in Greek, Polish, Russian, Chinese, English, Japanese, Arabic,
Sorani Kurdish and Turkish (Arabic and Sorani right to left, `dir="rtl"` on <html>):

- `portal`: a news portal's article (tests/data/ingest_causes: the bridge story) inside <main><article>, with
  the masthead and menu, byline, share buttons, links to other stories and an ad between its paragraphs, a
  photo with a credited caption, tags, a sidebar of lists, a reader comment thread, footer and cookie banner
  (where the language's ingest_causes file has no such page, stories.toml's `<lang>.page` fills it in);
- `blog`: a short post of two paragraphs (stories.toml) in a blog theme, with the author's bio, a comment
  thread with reply links, the reply form and sidebar widgets;
- `divsoup`: a longer report (stories.toml, a subheading and a quote) in nested <div>s with no <article>
  or <main>, an editor's line, related headlines, a comment box, a sidebar and a footer.

`<name>.txt` is the true body as the extraction benchmark writes one: the story's paragraphs, its
subheadings and quotes, separated by a blank line; no headline, byline, date, caption or furniture.
"""

from __future__ import annotations

import html
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
CAUSES = HERE.parent / "ingest_causes"
LANGS = ("el", "en", "pl", "ru", "zh", "ja", "ar", "ckb", "tr")
RTL = ("ar", "ckb")


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def head(lang: str, title: str, site: str, url: str) -> str:
    direction = ' dir="rtl"' if lang in RTL else ""
    return (f'<!DOCTYPE html>\n<html lang="{lang}"{direction}>\n<head>\n<meta charset="utf-8">\n<title>{esc(title)} | {esc(site)}</title>\n'
            f'<meta property="og:title" content="{esc(title)}">\n<link rel="canonical" href="{esc(url)}">\n'
            '<style>.cookie{position:fixed;bottom:0}</style>\n<script>window.dataLayer=[];</script>\n</head>\n')


def links(items: list[str], cls: str = "") -> str:
    attr = f' class="{cls}"' if cls else ""
    return f"<ul{attr}>" + "".join(f'<li><a href="/a/{i}">{esc(t)}</a></li>' for i, t in enumerate(items)) + "</ul>"


def thread(c: dict, s: dict) -> str:
    out = [f'<div id="comments" class="comments-area"><h2 class="comments-title">{esc(c["thread_count"])}</h2><ol class="comment-list">']
    for name, when, text in zip(c["commenters"], c["comment_times"], c["replies"]):
        says = c["says"].format(name=name)
        out.append(f'<li class="comment"><article class="comment-body"><footer class="comment-meta">'
                   f'<div class="comment-author vcard"><b class="fn">{esc(says)}</b></div>'
                   f'<div class="comment-metadata"><a href="#c"><time>{esc(when)}</time></a></div></footer>'
                   f'<div class="comment-content"><p>{esc(text)}</p></div>'
                   f'<div class="reply"><a class="comment-reply-link" href="#r">{esc(c["reply"])}</a></div></article></li>')
    out.append(f'</ol><div id="respond"><h3>{esc(s["leave_reply"])}</h3><form><p>{esc(s["respond"])}</p>'
               f'<textarea></textarea><input type="submit" value="{esc(s["post_comment"])}"></form></div></div>')
    return "".join(out)


def inline_link(text: str) -> str:
    label, _, headline = text.partition(":") if ":" in text else text.partition("：")
    sep = ":" if ":" in text else "："
    return f'<p class="related-inline"><strong>{esc(label)}{sep}</strong> <a href="/a/x">{esc(headline.strip())}</a></p>'


def portal(c: dict, s: dict) -> tuple[str, list[str]]:
    p, meta, inline, bottom = c["paragraphs"], c["page_meta"], c["page_inline"], c["page_bottom"]
    caption = c.get("caption_block", "")
    body = [
        head(c["lang"], c["title"], c["site"], c["url"]), "<body>\n",
        f'<header class="masthead"><a class="logo" href="/">{esc(c["site"])}</a><nav>{links(c["page_top"][:-2])}</nav></header>\n',
        f'<div class="breaking">{esc(c["page_top"][-2])}</div><div class="ad-top">{esc(c["page_top"][-1])}</div>\n',
        "<main><article>\n", f"<h1>{esc(c['title'])}</h1>\n",
        f'<div class="meta"><span class="author">{esc(meta[0])}</span> <time datetime="2019-03-12T14:05">{esc(meta[1])}</time> '
        f'<span class="updated">{esc(meta[2])}</span></div>\n',
        '<div class="share">' + "".join(f'<a href="#s">{esc(x)}</a>' for x in meta[3:]) + "</div>\n",
        f"<p>{esc(p[0])}</p>\n<p>{esc(p[1])}</p>\n", inline_link(inline[0]) + "\n", f"<p>{esc(p[2])}</p>\n",
        f'<div class="ad">{esc(inline[1])}</div>\n',
        f'<figure><img src="most.jpg" alt=""><figcaption>{esc(caption)}</figcaption></figure>\n' if caption else "",
        f"<p>{esc(p[3])}</p>\n", inline_link(inline[2]) + "\n", f"<p>{esc(p[4])}</p>\n", inline_link(inline[3]) + "\n",
        f'<p class="source">{esc(bottom[0])}</p>\n',
        "</article>\n", f'<aside class="sidebar">{links(bottom[1:])}</aside>\n', "</main>\n",
        thread(c, s) + "\n" if "replies" in c else "",
        f'<footer class="site-footer"><p>{esc(c["footer"])}</p></footer>\n', "</body>\n</html>\n",
    ]
    return "".join(body), list(p)


def blog(c: dict, s: dict) -> tuple[str, list[str]]:
    title = s["short_title"]
    byline = c.get("byline", c["byline_other"])
    body = [
        head(c["lang"], title, c["site"], c["url"].rsplit("/", 1)[0] + "/community-garden"), "<body>\n<div id=\"page\" class=\"site\">\n",
        f'<header class="site-header"><p class="site-title"><a href="/">{esc(c["site"])}</a></p>'
        f'<nav class="main-navigation">{links(c["page_top"][1:6])}</nav></header>\n',
        '<div id="content" class="site-content"><div id="primary" class="content-area"><main id="main" class="site-main">\n',
        f'<article class="post"><header class="entry-header"><h1 class="entry-title">{esc(title)}</h1>'
        f'<div class="entry-meta"><span class="posted-on"><time>{esc(c["page_meta"][1])}</time></span> '
        f'<span class="byline">{esc(byline)}</span></div></header>\n',
        '<div class="entry-content">' + "".join(f"<p>{esc(x)}</p>" for x in s["short"]) + "</div>\n",
        f'<footer class="entry-footer"><span class="tags-links">{esc(next(x for x in c["page_bottom"][1:] if x.endswith((":", "："))))} '
        f'<a href="/t">{esc(c["headlines"][0])}</a></span></footer></article>\n',
        f'<div class="author-info"><h2 class="author-title">{esc(s["about_author"])}</h2><p class="author-bio">{esc(s["bio"])}</p></div>\n',
        thread(c, s) + "\n",
        "</main></div>\n",
        f'<aside id="secondary" class="widget-area"><section class="widget"><h2 class="widget-title">{esc(s["recent"])}</h2>'
        f'{links(c["headlines"])}</section><section class="widget"><h2 class="widget-title">{esc(s["archives"])}</h2>'
        f'{links(s["months"])}</section></aside></div>\n',
        f'<footer class="site-footer"><div class="site-info">{esc(c["footer"])}</div></footer>\n</div>\n</body>\n</html>\n',
    ]
    return "".join(body), list(s["short"])


def divsoup(c: dict, s: dict) -> tuple[str, list[str]]:
    title = s["long_title"]
    parts, truth = [], []
    for x in s["long"]:
        if x.startswith("## "):
            parts.append(f"<h2>{esc(x[3:])}</h2>")
            truth.append(x[3:])
        elif x.startswith("> "):
            parts.append(f"<blockquote><p>{esc(x[2:])}</p></blockquote>")
            truth.append(x[2:])
        else:
            parts.append(f"<p>{esc(x)}</p>")
            truth.append(x)
    body = [
        head(c["lang"], title, c["site"], c["url"].rsplit("/", 1)[0] + "/ferry-timetable"), "<body>\n<div class=\"wrap\">\n",
        f'<div class="top"><div class="logo">{esc(c["site"])}</div><div class="nav">'
        + " | ".join(f'<a href="/n{i}">{esc(t)}</a>' for i, t in enumerate(c["page_top"][1:6])) + "</div></div>\n",
        '<div class="left">\n', f'<div class="tit"><h1>{esc(title)}</h1></div>\n',
        f'<div class="info"><span>{esc(c["page_meta"][1])}</span> <span>{esc(c["site"])}</span></div>\n',
        '<div class="content" id="text">' + "\n".join(parts) + f'\n<p class="editor">{esc(s["editor"])}</p></div>\n',
        f'<div class="related"><h4>{esc(s["related"])}</h4>{links(c["headlines"])}</div>\n',
        f'<div class="pl"><h4>{esc(c["thread_count"])}</h4><div class="item"><span class="name">{esc(c["commenters"][0])}</span> '
        f'<span class="time">{esc(c["comment_times"][0])}</span><p>{esc(c["replies"][0])}</p><a>{esc(c["reply"])}</a></div></div>\n',
        "</div>\n",
        f'<div class="right"><h4>{esc(s["most_read"])}</h4>{links(list(reversed(c["headlines"])))}</div>\n',
        f'<div class="foot">{esc(c["page_bottom"][-1])}</div>\n</div>\n</body>\n</html>\n',
    ]
    return "".join(body), truth


def main(out: Path = HERE) -> None:
    stories = tomllib.loads((HERE / "stories.toml").read_text(encoding="utf-8"))
    for lang in LANGS:
        causes = tomllib.loads((CAUSES / f"{lang}.toml").read_text(encoding="utf-8"))
        c = {**stories[lang].get("page", {}), **causes}
        for layout in (portal, blog, divsoup):
            page, truth = layout(c, stories[lang])
            (out / f"{lang}-{layout.__name__}.html").write_text(page, encoding="utf-8")
            (out / f"{lang}-{layout.__name__}.txt").write_text("\n\n".join(truth) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
