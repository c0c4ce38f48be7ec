"""Build: the articles -> the static site. `build()` and `building()` hold a build's lifetime: the content
folder checked, the state store opened (its lock held), the forked looks at the files started, the phases
run (`phases.SiteBuild`), the state committed and the lock let go, also when the build fails or is stopped.

Incremental: the build state (`state.StateStore`) keeps the parsed articles and, for every output file, a
fingerprint of what made it (its template set, the data its page shows, the bodies its templates read). A
page whose fingerprint is unchanged, and whose file is still there as the last build left it, is neither
rendered nor written; the others are rendered and written only when their bytes changed. The output is the
same, byte for byte, as a build without the state.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager, nullcontext
from dataclasses import replace
from typing import Iterator

from site_gen.build.look import Look, look_at_articles
from site_gen.build.options import BuildOptions, BuildResult
from site_gen.build.phases import SiteBuild
from site_gen.build.state import StateStore, cache_folder
from site_gen.config import SiteConfig
from site_gen.content import BodyUnavailable
from site_gen.errors import SiteGenError
from site_gen.reporter import Reporter


def build(config: SiteConfig, options: BuildOptions, reporter: Reporter) -> BuildResult:
    """Build the site from the articles in `options.content` into `options.out`; return what was done."""
    with building(config, options, reporter) as result:
        return result


@contextmanager
def building(config: SiteConfig, options: BuildOptions, reporter: Reporter) -> Iterator[BuildResult]:
    """Build, and yield the result while still holding the site's build lock; when the block ends, commit the
    build state and let go of the lock. Watch and serve tell open pages to reload inside the block, before the
    state is written."""
    if not options.content.is_dir():
        raise SiteGenError(options.content, "no such content folder")
    writing = options.writing.write() if options.writing is not None else nullcontext()
    looks: list[Look] = []
    try:
        if not options.cache:
            run = SiteBuild(config, options, reporter, None)
            try:
                with writing:
                    result = run.run()
            finally:
                run.release()
            yield result
            return
        folder = cache_folder(config.root, options.content, options.out)

        def look() -> None:  # every article file's stat, looked at while the state is read (see `look`)
            found = look_at_articles(options.content) if options.hints is None else None
            looks.extend([found] if found is not None else [])

        gc.disable()  # reading the state makes many objects and no garbage: a collection would only walk them
        with StateStore.open(config.root, folder, reporter.note, options.session, meanwhile=look) as store:
            gc.freeze()  # the state lives until the build ends
            gc.enable()
            if store.damaged:
                reporter.note(f"the build cache in {folder} was damaged; building without it")
            run = SiteBuild(config, options, reporter, store, looks)
            try:
                with writing:
                    try:
                        result = run.run()
                    except BodyUnavailable as exc:
                        reporter.note(f"the build cache in {folder} was damaged ({exc}); building again without it")
                        store.wipe()
                        run = SiteBuild(config, replace(options, hints=None), reporter, store, looks)
                        result = run.run()
            except BaseException:
                run.commit()  # what was verified or written so far: the rest is made again next time
                run.release()
                raise
            try:
                yield result
            finally:
                try:
                    run.commit()
                finally:
                    run.release()
    finally:
        for found in looks:
            found.cancel()  # those not taken: the build stopped before it needed them
        gc.unfreeze()  # what the build kept frozen (the state, and what `run` loaded) is the collector's again
        gc.enable()


def refresh_search(config: SiteConfig, options: BuildOptions, reporter: Reporter) -> BuildResult:
    """Bring the search index up to date with the pages a build with `search_later` wrote (the shards whose
    articles changed since they were indexed); nothing else is written when nothing else changed."""
    return build(config, replace(options, search_later=False, writing=None), reporter)
