"""Generate N synthetic raw article dumps, as `.txt` text dumps and as saved `.html` pages.

Usage: python bench/gen_dumps.py --n 2000 --out DIR [--seed S] [--formats txt,html]

Writes DIR/txt/NNNNN-slug.txt and DIR/html/NNNNN-slug.html: the same N articles in both forms, wrapped in
the clutter real dumps carry: site menus, a cookie notice, a section kicker glued to a photo caption and
the caption again, the "A+A-" font widget, bylines ("By Business Desk"), a dateline, "Advertisement",
share buttons, a newsletter box, an "Also in <Topic>" related block, comments, a footer and (in text
dumps) `Content retrieved from: <url>.` near the end, sometimes followed by an "About The Author" box.

Article text is made of generated sentences from a word list; people are referred to by role, never by
name. Output depends only on --n and --seed (the standard library only, so it runs with any Python).
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import random
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

TOPICS = ["Economy", "Politics", "Energy", "Health", "Climate", "Sport", "Culture", "Science", "Technology",
          "Business", "Education", "Transport", "Weather", "Security", "Markets", "Diplomacy", "Migration"]
SITES = [  # name, host
    ("Meridian Daily", "www.meridiandaily.example"), ("The Harbour Ledger", "harbourledger.example"),
    ("Coastline Courier", "www.coastlinecourier.example"), ("Northgate Times", "news.northgate.example"),
    ("The Pennant Post", "www.pennantpost.example"), ("Riverbend Herald", "riverbendherald.example"),
    ("Atlas Wire", "www.atlaswire.example"), ("Valley Observer", "valleyobserver.example"),
]
DATELINES = ["ISTANBUL, Turkey", "ERBIL, Kurdistan Region", "LISBON", "ATHENS", "NAIROBI", "VALLETTA, Malta",
             "BRUSSELS", "HAMBURG, Germany", "TUNIS", "MARSEILLE, France", "GENOA, Italy", "ROTTERDAM",
             "BEIRUT", "AMMAN, Jordan", "CASABLANCA, Morocco", "SPLIT, Croatia"]
AGENCIES = ["Wire Agency", "Staff photographer", "Handout", "Pool photo", "City press office", "Reader photo"]
ROLES = ["a spokesman for the ministry", "the mayor", "a senior official", "the head of the agency",
         "a local resident", "an economist at the central bank", "the harbour master", "a union representative",
         "the committee chair", "a hospital doctor", "a school teacher", "the project manager",
         "a government adviser", "an opposition lawmaker", "a farmer from the region", "the club coach"]
FUNCTION = ("the of and to in a is that for on with as was by at from it be are this an which has have but "
            "not or its they their were been after over more than said also new will would could").split()
NOUNS = ("government ministry parliament country city region border market prices economy inflation bank "
         "currency oil gas pipeline power grid election voters party coalition court law report agency "
         "company investors budget tax plan deal talks summit agreement crisis police protesters residents "
         "workers farmers students hospital school water drought harvest exports imports trade growth debt "
         "statement week month year morning evening capital province district village port airport road "
         "bridge project programme delegation committee council survey analysts experts data figures rate "
         "network service system reform policy strategy security refugees aid families children season "
         "league match team club festival film museum researchers study climate emissions storm floods fire "
         "ferry harbour fleet fishermen tourists hotels").split()
VERBS = ("announced reported warned agreed rejected approved launched signed raised cut increased reduced "
         "confirmed denied expected planned urged called discussed proposed held opened closed criticised "
         "welcomed estimated showed suggested noted added described promised faced reached continued").split()
ADJ = ("new national local regional international economic political public private major key senior "
       "former current annual monthly recent early late strong weak high low rising falling significant "
       "possible likely official independent foreign domestic central northern southern coastal").split()
ADV = "sharply slightly quickly recently publicly officially again largely partly widely still already".split()
CAPTION_SUBJECTS = ["A market stall in the old city", "Workers at the port at dawn", "Residents queue outside a "
                    "clinic", "Ferries moored in the harbour", "Delegates arrive for the talks", "A flooded street "
                    "after the storm", "Students leave the school gates", "Solar panels on a warehouse roof",
                    "Fans in the stands before kick-off", "Visitors at the museum's new wing"]
COOKIE = ("We use cookies to improve your experience on our site. By continuing to browse, you agree to our use "
          "of cookies. Accept | Manage settings")
NEWSLETTER = ["Sign up for our morning newsletter", "Get the day's top stories in your inbox every morning. "
              "Enter your email address", "Subscribe"]
COMMENT_LINES = ["Comments", "Log in to leave a comment", "Readers' comments are moderated before they appear.",
                 "This is exactly what everyone expected, nothing will change.", "Great reporting, thank you.",
                 "Load more comments"]
FOOTER = ["Privacy policy", "Terms of use", "Contact us", "Advertise with us"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


@dataclass
class Article:
    """One generated article and the page furniture around it."""

    i: int
    title: str
    slug: str
    topic: str
    site: str
    host: str
    date: dt.datetime
    desk: str
    dateline: str
    caption: str
    credit: str
    paragraphs: list[str]
    related: list[str]
    nav: list[str]
    comments: int
    author_box: bool
    ad_at: int
    newsletter_at: int
    extra: dict = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"https://{self.host}/{slugify(self.topic)}/{self.date:%Y/%m/%d}/{self.slug}"

    @property
    def date_text(self) -> str:
        return f"{self.date.day} {MONTHS[self.date.month - 1]} {self.date.year}"


class Writer:
    """Sentences from a skewed word list: function words dominate, as in real text."""

    def __init__(self, rng: random.Random):
        self.rng = rng

    def word(self) -> str:
        r = self.rng.random()
        pool = FUNCTION if r < 0.40 else NOUNS if r < 0.70 else VERBS if r < 0.83 else ADJ if r < 0.95 else ADV
        return self.rng.choice(pool)

    def sentence(self, n: int | None = None, topic: str | None = None) -> str:
        n = n or self.rng.randint(9, 24)
        words = [self.word() for _ in range(n)]
        if topic and self.rng.random() < 0.2:
            words.insert(self.rng.randrange(len(words)), topic)
        if self.rng.random() < 0.3:  # refer to people by their role
            words[self.rng.randrange(1, len(words))] += ", " + self.rng.choice(ROLES) + " said,"
        if n > 10 and self.rng.random() < 0.3:
            words[self.rng.randrange(3, n - 3)] += ","
        if self.rng.random() < 0.15:
            words.insert(self.rng.randrange(len(words)), str(self.rng.choice([12, 40, 250, 1800, 2025, 3.5])))
        text = " ".join(words).replace(",,", ",")
        text = text[:1].upper() + text[1:]
        return text + self.rng.choice([".", ".", ".", ".", ".", "?"])

    def paragraph(self, n_words: int, topic: str) -> str:
        out, count = [], 0
        while count < n_words:
            s = self.sentence(topic=topic)
            out.append(s)
            count += len(s.split())
        return " ".join(out)

    def headline(self, topic: str) -> str:
        words = [self.word() for _ in range(self.rng.randint(5, 9))]
        words.insert(self.rng.randrange(1, len(words)), topic)
        text = " ".join(words)
        return text[:1].upper() + text[1:]


def make_article(i: int, seed: str) -> Article:
    rng = random.Random(f"{seed}:{i}")
    w = Writer(rng)
    topic = rng.choice(TOPICS)
    site, host = rng.choice(SITES)
    title = w.headline(topic)
    date = dt.datetime(2023, 1, 1, 6, 0) + dt.timedelta(minutes=rng.randrange(0, 3 * 365 * 24 * 60))
    n_par = rng.randint(6, 14)
    total = rng.randint(400, 900)
    paragraphs = [w.paragraph(max(20, total // n_par + rng.randint(-25, 25)), topic) for _ in range(n_par)]
    return Article(
        i=i, title=title, slug=f"{i:05d}-" + slugify(" ".join(title.split()[:6])), topic=topic, site=site,
        host=host, date=date, desk=f"{rng.choice([topic, 'News', 'Foreign', 'City'])} Desk",
        dateline=rng.choice(DATELINES), caption=rng.choice(CAPTION_SUBJECTS) + " " + w.sentence(6)[:-1].lower()
        + ".", credit=rng.choice(AGENCIES), paragraphs=paragraphs,
        related=[w.headline(topic) for _ in range(rng.randint(2, 5))],
        nav=["Home"] + rng.sample(TOPICS, 6) + ["Subscribe"], comments=rng.choice([0, 0, 3, 12, 48]),
        author_box=rng.random() < 0.2, ad_at=rng.randrange(2, n_par), newsletter_at=rng.randrange(2, n_par),
        extra={"byline_style": rng.randrange(3), "cookie": rng.random() < 0.6, "share_top": rng.random() < 0.5},
    )


def render_txt(a: Article) -> str:
    """The visible text of the page, as a scraper saves it: blocks separated by blank lines."""
    blocks = [a.title, a.site, *a.nav]
    if a.extra["cookie"]:
        blocks.append(COOKIE)
    blocks.append(f"{a.topic}{a.caption} Photo: {a.credit}")  # the kicker glued to the caption
    blocks.append(f"{a.caption} Photo: {a.credit}")  # and the caption again
    blocks.append("A+A-")
    style = a.extra["byline_style"]
    if style == 0:
        blocks += [f"By {a.desk}", f"Published: {a.date_text}"]
    elif style == 1:
        blocks.append(f"By {a.desk} | Updated: {a.date_text}, {a.date:%H:%M}")
    else:
        blocks += [f"By {a.desk}", f"{a.date:%d.%m.%Y - %H:%M}"]
    if a.extra["share_top"]:
        blocks += ["Share", "Tweet", "Email"]
    for n, para in enumerate(a.paragraphs):
        if n == 0:
            para = f"{a.dateline} – {para}"
        if n == a.ad_at:
            blocks.append("Advertisement")
        if n == a.newsletter_at:
            blocks += NEWSLETTER
        blocks.append(para)
    if not a.extra["share_top"]:
        blocks += ["Share", "Tweet", "Email"]
    blocks += [f"Also in {a.topic}", *a.related]
    if a.comments:
        blocks += [f"Comments ({a.comments})", *COMMENT_LINES[1:]]
    blocks += [f"© {a.date.year} {a.site}. All rights reserved.", *FOOTER]
    blocks.append(f"Content retrieved from: {a.url}.")
    if a.author_box:
        blocks += ["About The Author", f"The {a.desk} covers {a.topic.lower()} news for {a.site}."]
    return "\n\n".join(blocks) + "\n"


def render_html(a: Article) -> str:
    """A plausible saved news page: header and nav, the article with its furniture, asides, a footer."""
    e = html.escape
    nav = "".join(f'<li><a href="/{slugify(x)}/">{e(x)}</a></li>' for x in a.nav)
    body = []
    for n, para in enumerate(a.paragraphs):
        if n == a.ad_at:
            body.append('<div class="ad-slot" aria-hidden="true"><span>Advertisement</span></div>')
        if n == a.newsletter_at:
            body.append('<aside class="newsletter"><h3>Sign up for our morning newsletter</h3><p>Get the day\'s top '
                        'stories in your inbox every morning.</p><form><input type="email" placeholder="Enter your'
                        ' email address"><button>Subscribe</button></form></aside>')
        text = f"{a.dateline} – {para}" if n == 0 else para
        body.append(f"<p>{e(text)}</p>")
    related = "".join(f'<li><a href="/{slugify(a.topic)}/{slugify(h)}">{e(h)}</a></li>' for h in a.related)
    comments = ""
    if a.comments:
        items = "".join(f'<li class="comment"><p>{e(c)}</p></li>' for c in COMMENT_LINES[3:5])
        comments = (f'<section class="comments"><h2>Comments ({a.comments})</h2><p>{e(COMMENT_LINES[1])}</p>'
                    f"<ol>{items}</ol><button>{e(COMMENT_LINES[5])}</button></section>")
    iso = a.date.strftime("%Y-%m-%dT%H:%M:00+00:00")
    share = ('<ul class="share"><li><a href="#">Share</a></li><li><a href="#">Tweet</a></li>'
             '<li><a href="#">Email</a></li></ul>')
    cookie = f'<div class="cookie-banner"><p>{e(COOKIE)}</p></div>' if a.extra["cookie"] else ""
    footer = "".join(f'<li><a href="/{slugify(x)}">{e(x)}</a></li>' for x in FOOTER)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{e(a.title)} | {e(a.site)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="description" content="{e(a.paragraphs[0][:150])}">
<meta name="author" content="{e(a.desk)}">
<meta property="og:title" content="{e(a.title)}">
<meta property="og:site_name" content="{e(a.site)}">
<meta property="og:type" content="article">
<meta property="og:url" content="{e(a.url)}">
<meta property="article:published_time" content="{iso}">
<meta property="article:section" content="{e(a.topic)}">
<link rel="canonical" href="{e(a.url)}">
<link rel="stylesheet" href="/static/main.css">
<script>window.dataLayer = window.dataLayer || []; dataLayer.push({{"section": "{e(a.topic)}"}});</script>
</head>
<body class="article-page">
{cookie}
<header class="site-header"><a class="logo" href="/">{e(a.site)}</a>
<nav class="main-nav"><ul>{nav}</ul></nav>
<form class="search" action="/search"><input name="q" placeholder="Search"></form></header>
<main>
<article class="story">
<p class="kicker"><a href="/{slugify(a.topic)}/">{e(a.topic)}</a></p>
<h1 class="headline">{e(a.title)}</h1>
<figure class="lead-image"><img src="/img/{a.i}.jpg" alt="{e(a.caption)}">
<figcaption>{e(a.caption)} <span class="credit">Photo: {e(a.credit)}</span></figcaption></figure>
<div class="font-size" aria-hidden="true">A+A-</div>
<div class="byline">By <a href="/desk/{slugify(a.desk)}" rel="author">{e(a.desk)}</a>
<time datetime="{iso}">{a.date_text}</time></div>
{share}
<div class="article-body">
{chr(10).join(body)}
</div>
{share}
</article>
<aside class="related"><h2>Also in {e(a.topic)}</h2><ul>{related}</ul></aside>
{comments}
</main>
<footer class="site-footer"><p>© {a.date.year} {e(a.site)}. All rights reserved.</p><ul>{footer}</ul></footer>
</body>
</html>
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, required=True, help="number of articles")
    parser.add_argument("--out", type=Path, required=True, help="output folder (its txt/ and html/ are replaced)")
    parser.add_argument("--seed", default="dumps-1")
    parser.add_argument("--formats", default="txt,html", help="comma list of: txt, html")
    args = parser.parse_args(argv)
    formats = [f for f in args.formats.split(",") if f]
    render = {"txt": render_txt, "html": render_html}
    for fmt in formats:
        if fmt not in render:
            parser.error(f"unknown format {fmt!r}")
        shutil.rmtree(args.out / fmt, ignore_errors=True)
        (args.out / fmt).mkdir(parents=True)
    for i in range(args.n):
        article = make_article(i, args.seed)
        for fmt in formats:
            (args.out / fmt / f"{article.slug}.{fmt}").write_text(render[fmt](article), encoding="utf-8")
    print(f"wrote {args.n} dumps x {len(formats)} format(s) to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
