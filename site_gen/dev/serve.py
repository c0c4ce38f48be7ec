"""The dev server: serves `output/` on 127.0.0.1, reloads open pages when their output changes.

A build holds the site's lock while it works, so a reader never gets half a site: once it knows
which files it will write or remove, the other files are served again, and a request for one of those
waits until that file is written (a new article's page is served as soon as it is there, while the
lists that now show it are still being written). A failed build leaves the last good site in place and
shows its errors in every open page. The live-reload script is added to HTML responses here, never written to disk.
"""

from __future__ import annotations

import json
import mimetypes
import os
import posixpath
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

RELOAD_PREFIX = "/__site_gen__/"
MAX_CLIENTS = 64
LONG_POLL = 20.0
MAX_PATH = 4096


class SiteLock:
    """Many readers or one writer: requests read the site, a build writes it.

    A writer may open the site again to readers of every file but those it is still to write or remove
    (`open_except`), and let each go once written (`done`). A file it is done with before that (a new
    article's page, made first) is served at once, the others still wait.
    """

    def __init__(self):
        self._cond = threading.Condition()
        self._readers = 0
        self._writing = False
        self._pending: set[str] | None = None
        self._ready: set[str] = set()  # written before the writer knew what else it would write

    def read(self, files: tuple[str, ...] = ()):
        """Hold the site for reading `files` (output paths; () for the whole site)."""
        return _Held(self, write=False, files=files)

    def write(self):
        return _Held(self, write=True)

    def open_except(self, files) -> None:
        """(The writer) Let readers in again, but not to `files`."""
        with self._cond:
            self._pending = set(files)
            self._cond.notify_all()

    def done(self, file: str) -> None:
        """(The writer) `file` is written: readers of it may go on (even before the writer knows the rest)."""
        with self._cond:
            if self._pending is None:
                self._ready.add(file)
            else:
                self._pending.discard(file)
            self._cond.notify_all()

    def _blocked(self, files: tuple[str, ...]) -> bool:
        if not self._writing:
            return False
        pending = self._pending
        if pending is None:  # only what was written already: a request finds the first of its files there
            return not files or not any(f in self._ready for f in files)
        return not files or any(f in pending for f in files)

    def _acquire(self, write: bool, files: tuple[str, ...] = ()) -> None:
        with self._cond:
            if write:
                while self._writing:
                    self._cond.wait()
                self._writing = True  # new readers wait from now on
                while self._readers:
                    self._cond.wait()
            else:
                while self._blocked(files):
                    self._cond.wait()
                self._readers += 1

    def _release(self, write: bool) -> None:
        with self._cond:
            if write:
                self._writing = False
                self._pending = None
                self._ready = set()
            else:
                self._readers -= 1
            self._cond.notify_all()


class _Held:
    def __init__(self, lock: SiteLock, write: bool, files: tuple[str, ...] = ()):
        self.lock, self.write, self.files = lock, write, files

    def __enter__(self):
        self.lock._acquire(self.write, self.files)

    def __exit__(self, *exc):
        self.lock._release(self.write)


class SiteState:
    """What the server knows of the builds: a counter, the pages the last build changed, its errors."""

    def __init__(self):
        self.lock = SiteLock()
        self._cond = threading.Condition()
        self.build = 0
        self.changed: list[str] = []
        self.errors: list[str] = []

    def published(self, changed: list[str], errors: list[str]) -> None:
        """Record a finished build and wake every page waiting for news."""
        with self._cond:
            self.build += 1
            self.changed = sorted(set(changed))
            self.errors = list(errors)
            self._cond.notify_all()

    def wait_after(self, build: int, timeout: float) -> dict:
        with self._cond:
            self._cond.wait_for(lambda: self.build != build, timeout=timeout)
            return {"build": self.build, "changed": self.changed, "errors": self.errors}


def url_of(rel_path: str) -> str:
    """Return the URL path a page is read at ("topics/turkey/index.html" -> "/topics/turkey/")."""
    url = "/" + rel_path.replace(os.sep, "/")
    return url[: -len("index.html")] if url.endswith("/index.html") or url == "/index.html" else url


RELOAD_JS = r"""(function () {
  var me = document.currentScript, build = +me.dataset.build, here = location.pathname;
  if (here.endsWith("/index.html")) here = here.slice(0, -10);
  function banner(errors) {
    var box = document.getElementById("site-gen-errors");
    if (!errors.length) { if (box) box.remove(); return; }
    if (!box) {
      box = document.createElement("pre");
      box.id = "site-gen-errors";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;inset-inline:0;inset-block-start:0;z-index:99999;margin:0;" +
        "padding:1em;background:#7a0010;color:#fff;font:14px/1.4 monospace;white-space:pre-wrap;max-height:50vh;overflow:auto";
      document.body.appendChild(box);
    }
    box.textContent = "site-gen: the last build failed; showing the last good page.\n\n" + errors.join("\n");
  }
  function poll() {
    fetch("/__site_gen__/events?since=" + build, {cache: "no-store"}).then(function (r) { return r.json(); })
      .then(function (s) {
        if (s.build !== build) {
          build = s.build;
          var mine = s.changed.some(function (u) { return u === here || (u.endsWith(".css") || u.endsWith(".js")); });
          if (mine && !s.errors.length) { location.reload(); return; }
          banner(s.errors);
        }
        poll();
      }, function () { setTimeout(poll, 1000); });
  }
  banner(JSON.parse(me.dataset.errors || "[]"));
  poll();
})();
"""


class DevServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128

    def __init__(self, root: Path, state: SiteState, host: str = "127.0.0.1", port: int = 8000):
        self.root = Path(root).resolve()
        self.state = state
        self.slots = threading.BoundedSemaphore(MAX_CLIENTS)
        super().__init__((host, port), _Handler)

    def serve_in_background(self) -> threading.Thread:
        thread = threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True)
        thread.start()
        return thread


class _Handler(BaseHTTPRequestHandler):
    server: DevServer
    protocol_version = "HTTP/1.1"
    timeout = 15  # a client that sends nothing for this long is dropped

    def log_message(self, format, *args):  # noqa: A002 - quiet: the terminal shows build news, not hits
        pass

    def do_HEAD(self):
        self._serve(head=True)

    def do_GET(self):
        self._serve(head=False)

    def _serve(self, head: bool) -> None:
        if not self.server.slots.acquire(timeout=5):
            self._plain(HTTPStatus.SERVICE_UNAVAILABLE, "busy", head)
            return
        try:
            self._route(head)
        except (BrokenPipeError, ConnectionResetError):
            pass
        finally:
            self.server.slots.release()

    def _route(self, head: bool) -> None:
        if len(self.path) > MAX_PATH:
            self._plain(HTTPStatus.REQUEST_URI_TOO_LONG, "URL too long", head)
            return
        parts = urlsplit(self.path)
        if parts.path == RELOAD_PREFIX + "reload.js":
            self._send(HTTPStatus.OK, RELOAD_JS.encode(), "text/javascript; charset=utf-8", head)
        elif parts.path == RELOAD_PREFIX + "events":
            since = parse_qs(parts.query).get("since", ["0"])[0]
            news = self.server.state.wait_after(int(since) if since.isdigit() else 0, LONG_POLL)
            self._send(HTTPStatus.OK, json.dumps(news).encode(), "application/json", head)
        else:
            self._file(parts.path, head)

    def _file(self, url_path: str, head: bool) -> None:
        target = resolve(self.server.root, url_path)
        if target is None:
            self._plain(HTTPStatus.BAD_REQUEST, "bad path", head)
            return
        rel = target.relative_to(self.server.root).as_posix() if target != self.server.root else ""
        files = (rel, f"{rel}/index.html" if rel else "index.html", "404.html")  # what this request may read
        with self.server.state.lock.read(files):
            if target.is_dir():
                if not url_path.endswith("/"):
                    self.send_response(HTTPStatus.MOVED_PERMANENTLY)
                    self.send_header("Location", url_path + "/")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                target = target / "index.html"
            status = HTTPStatus.OK
            if not _inside(self.server.root, target) or not target.is_file():
                status, target = HTTPStatus.NOT_FOUND, self.server.root / "404.html"
                if not target.is_file():
                    self._plain(status, "not found", head)
                    return
            try:
                data = target.read_bytes()
            except OSError:
                self._plain(HTTPStatus.NOT_FOUND, "not found", head)
                return
        ctype = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if ctype == "text/html":
            data = inject(data, self.server.state)
            ctype += "; charset=utf-8"
        elif ctype.startswith("text/") or ctype in ("application/javascript", "application/json"):
            ctype += "; charset=utf-8"
        self._send(status, data, ctype, head)

    def _plain(self, status: HTTPStatus, text: str, head: bool) -> None:
        self._send(status, text.encode() + b"\n", "text/plain; charset=utf-8", head)

    def _send(self, status: HTTPStatus, data: bytes, ctype: str, head: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if not head:
            self.wfile.write(data)


def resolve(root: Path, url_path: str) -> Path | None:
    """Return the file a URL path names below `root`, or None for a path that tries to climb out."""
    try:
        path = unquote(url_path, errors="strict") if "%" in url_path else url_path
    except UnicodeDecodeError:
        return None
    if "\x00" in path or "\\" in path:
        return None
    norm = posixpath.normpath("/" + path.lstrip("/"))
    parts = [p for p in norm.split("/") if p]
    if any(p in ("..", ".") for p in parts):
        return None
    return root.joinpath(*parts) if parts else root  # symlinks are checked when the file is read


def _inside(root: Path, target: Path) -> bool:
    """Return True when `target`, with every symlink followed, is `root` or lies below it."""
    try:
        real = Path(os.path.realpath(target))
    except (OSError, ValueError):
        return False
    return real == root or root in real.parents


def inject(html: bytes, state: SiteState) -> bytes:
    """Return the page with the live-reload script added before `</body>`."""
    errors = json.dumps(state.errors).replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
    tag = (f'<script src="{RELOAD_PREFIX}reload.js" data-build="{state.build}" '
           f'data-errors="{errors}"></script>').encode()
    at = html.rfind(b"</body>")
    return html[:at] + tag + html[at:] if at != -1 else html + tag
