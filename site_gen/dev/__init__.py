"""The dev loop: `watch` (batches of changed paths), `session` (ingest and build what a batch touches) and
`serve` (the site over HTTP on 127.0.0.1, reloading open pages)."""
