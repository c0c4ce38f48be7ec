"""Every feed passes a strict Atom validation: RFC 4287's own RELAX NG schema, and its Schematron rules and the
checks W3C's feed validator makes, in Python."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import rnc2rng
from lxml import etree

from tests.build_helpers import build_site
from tests.test_build_languages import ARTICLES, BASE

ATOM = "{http://www.w3.org/2005/Atom}"
SCHEMA = Path(__file__).parent / "data" / "atom" / "atom.rnc"
RFC3339 = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)$")


@pytest.fixture(scope="module")
def schema() -> etree.RelaxNG:
    # rnc2rng writes the schema's `local` namespace (the empty one) as a declaration XML does not allow; it
    # is only used as nsName ns="", so the declaration can go.
    rng = rnc2rng.dumps(rnc2rng.load(str(SCHEMA))).replace('xmlns:local=""', "")
    return etree.RelaxNG(etree.fromstring(rng.encode("utf-8")))


@pytest.fixture(scope="module", params=["with base_url", "without"])
def feeds(request, tmp_path_factory) -> list[Path]:
    settings = {"base_url": BASE} if request.param == "with base_url" else {}
    _, out, _ = build_site(tmp_path_factory.mktemp("feeds"), ARTICLES, **settings)
    found = sorted(out.rglob("*.xml"))
    found = [f for f in found if f.name == "feed.xml"]
    assert len(found) >= 3
    return found


def test_every_feed_is_valid_atom(schema, feeds):
    for feed in feeds:
        doc = etree.parse(str(feed))
        assert schema.validate(doc), (feed, str(schema.error_log))
        problems = list(atom_rules(doc.getroot()))
        assert not problems, (feed, problems)


def atom_rules(feed):
    """Yield what breaks RFC 4287's Schematron rules, or what the W3C validator warns about."""
    if feed.find(f"{ATOM}author") is None:
        for entry in feed.iter(f"{ATOM}entry"):
            if entry.find(f"{ATOM}author") is None:
                yield f"entry {entry.findtext(f'{ATOM}id')}: no author, and the feed has none"
    ids = [e.findtext(f"{ATOM}id") for e in feed.iter(f"{ATOM}entry")]
    if len(ids) != len(set(ids)):
        yield "two entries share an id"
    for element in feed.iter(f"{ATOM}updated", f"{ATOM}published"):
        if not RFC3339.match(element.text or ""):
            yield f"not an RFC 3339 date-time: {element.text}"
    for parent in [feed, *feed.iter(f"{ATOM}entry")]:
        links = [(link.get("rel", "alternate"), link.get("type"), link.get("hreflang"))
                 for link in parent.findall(f"{ATOM}link")]
        if len([k for k in links if k[0] == "alternate"]) != len({k for k in links if k[0] == "alternate"}):
            yield "two alternate links of one type and language"
        for link in parent.findall(f"{ATOM}link"):
            if not re.match(r"[a-z][a-z0-9+.-]*:|\.\.?/|[^/:]", link.get("href", "")):
                yield f"odd link {link.get('href')}"
        ident = parent.findtext(f"{ATOM}id") or ""
        if not re.match(r"(?:https?://\S+|urn:uuid:[0-9a-f-]{36})$", ident):
            yield f"id is not a permanent IRI: {ident}"
    for entry in feed.iter(f"{ATOM}entry"):
        published, updated = entry.findtext(f"{ATOM}published"), entry.findtext(f"{ATOM}updated")
        if entry.find(f"{ATOM}content") is None and not any(
                link.get("rel", "alternate") == "alternate" for link in entry.findall(f"{ATOM}link")):
            yield "an entry with neither content nor an alternate link"
        if published and published[:10] > updated[:10]:
            yield "updated before published"
    if feed.find(f"{ATOM}link[@rel='self']") is None:
        yield "no self link"
