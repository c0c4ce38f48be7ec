"""Related headlines a dump carried link to this site's articles by fuzzy title match; near misses do not."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from site_gen.build.layout import Layout
from site_gen.build.related import Titles
from site_gen.content import Article, Body

TITLES = [
    "Armenia to lift embargo on Turkish goods from January",
    "Murderer of HDP member will be brought to justice: party co-chair",
    "Indictment targets mullahs in Istanbul for using Kurdish terms ‘adopted’ by PKK",
    "Turkish crisis turns books into vanishing luxuries",
    "Storm hits coast",
]


def titles() -> Titles:
    arts = [Article(path=f"{i}.md", slug=f"a{i}", title=t, date=datetime(2022, 1, 1 + i, tzinfo=timezone.utc),
                    date_has_time=True, topic="", source="", source_url="", dateline="", authors=(), images=(),
                    related=(), tags=(), summary="", lang="en", body=Body("<p>x</p>"), words=1)
            for i, t in enumerate(TITLES)]
    return Titles(Layout.of(tuple(arts)).entries)


@pytest.mark.parametrize("headline, title", [
    ("armenia to lift  EMBARGO on Turkish goods from January", TITLES[0]),  # case and spacing
    ("Armenia to lift embargo on Turkish goods in January", TITLES[0]),  # a small word
    ("Murderer of HDP member will be brought to justice, says party co-chair", TITLES[1]),  # punctuation, "says"
    ('Indictment targets mullahs in Istanbul for using Kurdish terms "adopted" by PKK', TITLES[2]),  # quotes
    ("Turkish crisis turns books into vanishing luxury", TITLES[3]),  # a plural
])
def test_a_headline_spelled_a_little_differently_names_the_article(headline, title):
    found = titles().match(headline)
    assert found is not None and found.article.title == title


@pytest.mark.parametrize("headline", [
    "Armenia to lift embargo on Iranian goods from January",  # another country
    "Armenia to lift embargo on Turkish goods from June",  # another month
    "Armenia to lift embargo on Turkish goods from 2023",  # a number
    "Storm hits the coast again",  # short: too much added
    "Turkish crisis turns films into vanishing luxuries",  # another thing
    "Elsewhere entirely",
])
def test_a_near_miss_names_no_article(headline):
    assert titles().match(headline) is None
