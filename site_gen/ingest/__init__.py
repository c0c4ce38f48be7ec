"""Ingest: raw article dumps -> front-matter Markdown articles."""

from site_gen.ingest.run import DUMP_SUFFIXES, IngestResult, ingest, retract

__all__ = ["DUMP_SUFFIXES", "IngestResult", "ingest", "retract"]
