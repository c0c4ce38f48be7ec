"""`{% cache key %}...{% endcache %}`: a piece of a template rendered once for each key, then reused.

Every page has the same masthead and footer but for a few things (the links' way up to the site's root, the
menu item marked as the current page, the page's language); rendering them took a fifth of rendering a page.
The key must name everything the piece shows that can change from page to page; the cache lives as long as
the Jinja environment, which a build makes again when a template or a setting changes. This is Jinja's own
extension mechanism, the fragment cache of its documentation with a plain dict for the store.
"""

from __future__ import annotations

from jinja2 import nodes
from jinja2.ext import Extension

_MOST = 4096
"""Keys kept at most: a key that names something per page (a mistake) only costs the cache, never memory."""


class FragmentCache(Extension):
    tags = {"cache"}

    def __init__(self, environment):
        super().__init__(environment)
        environment.extend(fragments={})

    def parse(self, parser):
        lineno = next(parser.stream).lineno
        key = parser.parse_expression()
        body = parser.parse_statements(("name:endcache",), drop_needle=True)
        return nodes.CallBlock(self.call_method("_cached", [key]), [], [], body).set_lineno(lineno)

    def _cached(self, key, caller):
        store = self.environment.fragments
        found = store.get(key)
        if found is None:
            found = caller()
            if len(store) >= _MOST:
                store.clear()
            store[key] = found
        return found
