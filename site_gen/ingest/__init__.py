"""Ingest: raw article dumps -> front-matter Markdown articles."""

from site_gen.ingest.run import IngestResult, ingest

__all__ = ["IngestResult", "ingest"]
