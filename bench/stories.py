"""Story grouping on a generated archive with known groups: pairwise precision and recall.

    python bench/stories.py [--stories 400] [--seed 1]

Each generated story is a wire text of 8-14 sentences drawn from its topic's vocabulary, published by 1-5
sources: each copy with its own opening and closing boilerplate and 0-20% of its sentences rewritten.
Beside them: other stories on the same topic and day (the same vocabulary, other sentences) and follow-ups a
day later (a new text quoting one or two sentences of the first). Copies are fed to `Stories` one by one, in
date order, as ingest does; a pair of articles is "together" when they end up with the same story.
Floors (issue 11): precision >= 0.97, recall >= 0.93.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import date, timedelta
from itertools import combinations
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from site_gen.ingest.stories import Stories, signature  # noqa: E402

COMMON = ("the a of to in and said on for that with was by at from as officials government minister city "
          "people year week new two three after before over under about more than would could").split()
TOPICS = {
    "port": "port ship ferry dock cargo terminal strike union crane vessel harbour berth freight".split(),
    "weather": "storm rain wind flood coast warning forecast temperature drought heat snow season".split(),
    "economy": "price bank rate inflation market export budget tax wage growth loan currency".split(),
    "sport": "match team goal season coach player league final stadium cup injury score".split(),
}
BOILER = ["Subscribe to our newsletter for the day's headlines.", "Follow us for more updates.",
          "This article was provided by a news agency.", "Read more in our business section.",
          "Share this story with your friends.", "Advertisement"]
SOURCES = [f"source{i}.example" for i in range(8)]


def sentence(rng: random.Random, words: list[str]) -> str:
    n = rng.randint(14, 26)
    return " ".join(rng.choice(words) if rng.random() < 0.55 else rng.choice(COMMON) for _ in range(n)) + "."


def story_text(rng: random.Random, topic: str) -> list[str]:
    words = TOPICS[topic] + [f"{topic}{rng.randint(0, 400)}" for _ in range(30)]  # names, places, numbers
    return [sentence(rng, words) for _ in range(rng.randint(8, 14))]


def copy_of(rng: random.Random, text: list[str], topic: str) -> list[str]:
    changed = rng.uniform(0, 0.2)
    words = TOPICS[topic] + COMMON
    body = [sentence(rng, words) if rng.random() < changed else s for s in text]
    return [rng.choice(BOILER), *body, rng.choice(BOILER)]


def archive(stories: int, seed: int) -> list[tuple[str, str, str, list[str], int]]:
    """Return articles as (slug, host, day, paragraphs, true group), in date order."""
    rng = random.Random(seed)
    start = date(2025, 1, 1)
    out = []
    for n in range(stories):
        topic = rng.choice(list(TOPICS))
        day = start + timedelta(days=n // 8)  # eight stories a day: several on one topic and day
        text = story_text(rng, topic)
        for host in rng.sample(SOURCES, rng.randint(1, 5)):
            out.append((f"s{n}-{host}", host, day.isoformat(), copy_of(rng, text, topic), n))
        if rng.random() < 0.2:  # a follow-up a day later, quoting the first
            follow = story_text(rng, topic)
            follow[1:1] = rng.sample(text, 2)
            host = rng.choice(SOURCES)
            out.append((f"f{n}-{host}", host, (day + timedelta(days=1)).isoformat(), follow, stories + n))
    out.sort(key=lambda a: a[2])
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--stories", type=int, default=400)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    articles = archive(args.stories, args.seed)
    index, alive, found = Stories(None), set(), {}
    began = time.perf_counter()
    for slug, host, day, paras, _ in articles:
        hashes = signature(paras)
        story = index.find(host, day, hashes, alive) or slug
        index.add(slug, story, host, day, hashes)
        alive.add(slug)
        found[slug] = story
    took = time.perf_counter() - began
    truth = {slug: group for slug, _, _, _, group in articles}
    tp = fp = fn = 0
    for a, b in combinations(truth, 2):
        same, said = truth[a] == truth[b], found[a] == found[b]
        tp += same and said
        fp += said and not same
        fn += same and not said
    precision, recall = tp / max(1, tp + fp), tp / max(1, tp + fn)
    print(f"{len(articles)} articles, {len(set(truth.values()))} stories; pairs together: {tp + fn}")
    print(f"precision {precision:.3f} (floor 0.97), recall {recall:.3f} (floor 0.93); "
          f"{1000 * took / len(articles):.2f} ms an article")
    sys.exit(0 if precision >= 0.97 and recall >= 0.93 else 1)


if __name__ == "__main__":
    main()
