"""Ingest: raw article dumps -> front-matter Markdown articles."""

from site_gen.ingest.run import DUMP_SUFFIXES, IngestResult, ingest, retract
from site_gen.ingest.accept import accept  # noqa: E402 (after run, which it uses)

__all__ = ["DUMP_SUFFIXES", "IngestResult", "accept", "ingest", "retract"]
