"""What pages tell search engines and sharing previews: schema.org data (articles, lists, breadcrumbs)."""

from __future__ import annotations

import re
from typing import Any, Callable, Iterable

from site_gen.config import SiteConfig
from site_gen.content import Article

# Bylines naming a desk or a newsroom rather than a person ("Sports Desk", "Rudaw staff", "Reuters").
_ORGANIZATION = re.compile(r"\b(?:desk|staff|newsroom|editors?|editorial|team|agency|agencies|bureau|"
                           r"correspondents?|reporters|wire|news|masası|haber merkezi|beşa)\b|^(?:AFP|AP|Reuters|dpa|Anadolu|Xinhua)$"
                           r"|(?:^|\s)(?:قسم|بەشی|دەستەی|هيئة|فريق|مكتب)(?:\s|$)", re.I)


def is_organization(name: str) -> bool:
    """Return True when a byline names a desk, agency or newsroom rather than a person."""
    return _ORGANIZATION.search(name) is not None


def when(article: Article, field: str = "date") -> str:
    """Return an article's date for schema.org: a day alone when only the day is known."""
    value = getattr(article, field)
    if value is None:
        return ""
    return value.isoformat(timespec="seconds") if article.date_has_time else value.date().isoformat()


class Sharing:
    """Makes the structured data of pages, with the site's settings and its URL maker."""

    def __init__(self, config: SiteConfig, abs_url: Callable[[str], str]):
        self.config = config
        self.abs_url = abs_url

    def publisher(self) -> dict[str, Any]:
        org: dict[str, Any] = {"@type": "Organization", "name": self.config.title}
        if url := self.abs_url("index.html"):
            org["url"] = url
            org["logo"] = {"@type": "ImageObject", "url": self.abs_url("static/favicon.svg")}
        return org

    def person(self, link) -> dict[str, Any]:
        kind = "Organization" if is_organization(link.name) else "Person"
        who: dict[str, Any] = {"@type": kind, "name": link.name}
        if url := self.abs_url(link.path):
            who["url"] = url
        return who

    def crumbs(self, trail: Iterable[tuple[str, str]]) -> dict[str, Any]:
        """Return a BreadcrumbList of (name, output path) pairs, from the home page down."""
        items = []
        for n, (name, path) in enumerate(trail, start=1):
            item: dict[str, Any] = {"@type": "ListItem", "position": n, "name": name}
            if url := self.abs_url(path):
                item["item"] = url
            items.append(item)
        return {"@type": "BreadcrumbList", "itemListElement": items}

    def article(self, e, image: str = "") -> dict[str, Any]:
        """Return the schema.org NewsArticle of an entry, with its breadcrumbs, as one graph."""
        a = e.article
        ld: dict[str, Any] = {"@type": "NewsArticle", "headline": a.title, "inLanguage": a.lang}
        if a.date:
            ld["datePublished"] = ld["dateModified"] = when(a)
        if a.updated:  # a later dump of the same page changed it: when (a time is known)
            ld["dateModified"] = a.updated.isoformat(timespec="seconds")
        if e.authors:
            ld["author"] = [self.person(link) for link in e.authors]
        elif a.source:
            ld["author"] = {"@type": "Organization", "name": a.source,
                            **({"url": a.source_url} if a.source_url else {})}
        if image:
            ld["image"] = [image]
        if e.topic:
            ld["articleSection"] = e.topic.name
        if a.source_url:
            ld["isBasedOn"] = a.source_url
        if a.source:
            ld["sourceOrganization"] = {"@type": "Organization", "name": a.source}
        if a.summary:
            ld["description"] = a.summary
        if a.tags:
            ld["keywords"] = list(a.tags)
        if url := self.abs_url(e.path):
            ld["url"] = ld["mainEntityOfPage"] = url
        ld["publisher"] = self.publisher()
        trail = [(self.config.title, "index.html")]
        if e.topic:
            trail.append((e.topic.name, e.topic.path))
        trail.append((a.title, e.path))
        return {"@context": "https://schema.org", "@graph": [ld, self.crumbs(trail)]}

    def listing(self, path: str, title: str, description: str, entries, trail) -> dict[str, Any]:
        """Return the schema.org CollectionPage of a list page (its articles in order), with breadcrumbs."""
        page: dict[str, Any] = {"@type": "CollectionPage", "name": title, "inLanguage": self.config.language,
                                "isPartOf": {"@type": "WebSite", "name": self.config.title}}
        if description:
            page["description"] = description
        if url := self.abs_url(path):
            page["url"] = url
        items = []
        for n, e in enumerate(entries, start=1):
            item: dict[str, Any] = {"@type": "ListItem", "position": n, "name": e.article.title}
            if url := self.abs_url(e.path):
                item["url"] = url
            items.append(item)
        page["mainEntity"] = {"@type": "ItemList", "itemListElement": items}
        graph = [page]
        if trail:
            graph.append(self.crumbs([(self.config.title, "index.html"), *trail]))
        return {"@context": "https://schema.org", "@graph": graph}
