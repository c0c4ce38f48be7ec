"""Coverage-guided fuzzing of ingest and the article loader with atheris (long runs live here, not in CI).

Usage: pip install atheris; python bench/fuzz.py {ingest,loader} [-atheris_runs=N] [-max_total_time=SECONDS] [CORPUS_DIR]

`ingest` feeds arbitrary bytes through a dump's whole path (decode -> cleaner -> Markdown); `loader`
feeds arbitrary bytes as an article file (front matter + Markdown -> sanitised HTML). The only accepted
outcomes are an article or the one-line reason there is none (NoArticle, NotText, a SiteError); any other
exception, a hang (libFuzzer's -timeout, default 10 s here) or memory growth (-rss_limit_mb, default
1024) is a finding. Save what it finds to tests and keep it there: CI runs every case that ever failed.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports():
    from site_gen.config import SiteConfig
    from site_gen.errors import SiteError
    from site_gen.ingest.clean import clean_text
    from site_gen.ingest.decode import NotText, decode_bytes
    from site_gen.ingest.dump import NoArticle
    from site_gen.ingest.mdfile import to_markdown
    from site_gen.build.parse import Loader, parse_file

_TMP = Path(tempfile.mkdtemp(prefix="site-gen-fuzz-"))
_LOADER = None


def fuzz_ingest(data: bytes) -> None:
    try:
        article = clean_text(decode_bytes(data))
    except (NoArticle, NotText):
        return
    to_markdown(article, "slug", "dump.txt").encode("utf-8")


def fuzz_loader(data: bytes) -> None:
    global _LOADER
    if _LOADER is None:
        _LOADER = Loader(SiteConfig(root=_TMP))
    path = _TMP / "article.md"
    path.write_bytes(data)
    _, result = parse_file(_LOADER, str(path))
    assert result is None or isinstance(result, SiteError) or hasattr(result, "body_html")


def main() -> None:
    targets = {"ingest": fuzz_ingest, "loader": fuzz_loader}
    if len(sys.argv) < 2 or sys.argv[1] not in targets:
        raise SystemExit(__doc__)
    target = targets[sys.argv.pop(1)]
    args = sys.argv + [a for a in ("-timeout=10", "-rss_limit_mb=1024") if not any(x.startswith(a.split("=")[0])
                                                                                  for x in sys.argv)]
    atheris.Setup(args, target)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
