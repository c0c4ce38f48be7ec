"""The dev server over a real socket on 127.0.0.1: only output/ is served, reload news, no half-built site."""

from __future__ import annotations

import http.client
import json
import socket
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from site_gen.dev.serve import DevServer, SiteState, url_of


@pytest.fixture
def server(tmp_path):
    out = tmp_path / "output"
    (out / "articles" / "one").mkdir(parents=True)
    (out / "index.html").write_text("<!doctype html><html><body><h1>Home</h1></body></html>", encoding="utf-8")
    (out / "articles" / "one" / "index.html").write_text("<html><body><p>One</p></body></html>", encoding="utf-8")
    (out / "404.html").write_text("<html><body>Not here</body></html>", encoding="utf-8")
    (out / "style.css").write_text("body{}", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("do not serve", encoding="utf-8")
    state = SiteState()
    srv = DevServer(out, state, "127.0.0.1", 0)
    thread = srv.serve_in_background()
    yield srv, state, out
    srv.shutdown()
    srv.server_close()
    thread.join(timeout=5)


def get(srv, path: str, method: str = "GET", timeout: float = 10):
    conn = http.client.HTTPConnection(*srv.server_address[:2], timeout=timeout)
    conn.putrequest(method, path, skip_host=False, skip_accept_encoding=True)
    conn.endheaders()
    resp = conn.getresponse()
    body = resp.read()
    conn.close()
    return resp.status, dict(resp.getheaders()), body


def test_binds_to_loopback_only_by_default(server):
    srv, _, _ = server
    assert srv.server_address[0] == "127.0.0.1"


def test_pages_are_served_with_the_reload_script_added_in_flight(server):
    srv, _, out = server
    status, headers, body = get(srv, "/")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert b"<h1>Home</h1>" in body and b"/__site_gen__/reload.js" in body
    assert b"__site_gen__" not in (out / "index.html").read_bytes()
    status, _, body = get(srv, "/articles/one/")
    assert status == 200 and b"<p>One</p>" in body
    status, headers, _ = get(srv, "/articles/one")
    assert status == 301 and headers["Location"] == "/articles/one/"
    status, headers, body = get(srv, "/style.css")
    assert status == 200 and body == b"body{}" and headers["Content-Type"].startswith("text/css")
    status, _, body = get(srv, "/__site_gen__/reload.js")
    assert status == 200 and b"location.reload" in body
    status, _, body = get(srv, "/", method="HEAD")
    assert status == 200 and body == b""


@pytest.mark.parametrize("path", [
    "/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E/%2E%2E/secret.txt", "/articles/../../secret.txt",
    "/..%2fsecret.txt", "//etc/passwd", "/%00index.html", "/..\\secret.txt", "/missing.html", "/%ff%fe",
    "/index.html/../../secret.txt",
])
def test_nothing_outside_output_is_served(server, path):
    srv, _, _ = server
    status, _, body = get(srv, path)
    assert status in (400, 404)
    assert b"do not serve" not in body and b"root:" not in body


def test_missing_pages_get_the_sites_404_page(server):
    srv, _, _ = server
    status, _, body = get(srv, "/no/such/page.html")
    assert status == 404 and b"Not here" in body


def test_symlinks_out_of_output_are_not_followed(server, tmp_path):
    srv, _, out = server
    (out / "leak.txt").symlink_to(tmp_path / "secret.txt")
    (out / "leakdir").symlink_to(tmp_path)
    for path in ("/leak.txt", "/leakdir/secret.txt"):
        status, _, body = get(srv, path)
        assert status == 404 and b"do not serve" not in body


def test_very_long_url_is_refused_and_server_keeps_serving(server):
    srv, _, _ = server
    status, _, _ = get(srv, "/" + "a" * 10_000)
    assert status in (414, 400)
    assert get(srv, "/")[0] == 200


def test_many_concurrent_clients_are_all_answered(server):
    srv, _, _ = server
    with ThreadPoolExecutor(max_workers=32) as pool:
        statuses = list(pool.map(lambda i: get(srv, "/" if i % 2 else "/articles/one/")[0], range(300)))
    assert statuses == [200] * 300


def test_idle_clients_do_not_block_others(server):
    srv, _, _ = server
    idle = [socket.create_connection(srv.server_address[:2]) for _ in range(20)]  # connect, send nothing
    try:
        assert get(srv, "/")[0] == 200
    finally:
        for s in idle:
            s.close()


def test_reload_news_names_the_pages_a_build_changed(server):
    srv, state, _ = server
    results = []
    waiting = threading.Thread(target=lambda: results.append(get(srv, "/__site_gen__/events?since=0")))
    waiting.start()
    state.published([url_of("articles/one/index.html"), url_of("index.html")], [])
    waiting.join(timeout=10)
    status, _, body = results[0]
    news = json.loads(body)
    assert status == 200 and news["build"] == 1 and news["changed"] == ["/", "/articles/one/"]


def test_build_errors_reach_the_page(server):
    srv, state, _ = server
    state.published([], ["templates/article.html:3: unexpected '}'"])
    _, _, body = get(srv, "/")
    assert b"article.html:3" in body  # shown by the reload script's banner
    news = json.loads(get(srv, "/__site_gen__/events?since=0")[2])
    assert news["errors"] == ["templates/article.html:3: unexpected '}'"]


def fetch_in_background(srv, path: str) -> tuple[threading.Event, list[bytes]]:
    """Request `path` on a thread; return the event set once answered, and the list the body goes to."""
    answered = threading.Event()
    bodies: list[bytes] = []

    def fetch():
        bodies.append(get(srv, path)[2])
        answered.set()

    threading.Thread(target=fetch, daemon=True).start()
    return answered, bodies


def test_requests_wait_while_a_build_writes(server):
    srv, state, out = server
    with state.lock.write():
        (out / "index.html").write_text("<html><body>half</body></html>", encoding="utf-8")
        answered, bodies = fetch_in_background(srv, "/")
        assert not answered.wait(0.5)  # held back while the build holds the site
        (out / "index.html").write_text("<html><body>whole</body></html>", encoding="utf-8")
    assert answered.wait(10)
    assert b"whole" in bodies[0] and b"half" not in bodies[0]


def test_once_a_build_knows_what_it_writes_the_rest_is_served_and_its_pages_as_each_is_written(server):
    srv, state, out = server
    with state.lock.write():
        state.lock.open_except({"index.html", "articles/two/index.html"})
        assert get(srv, "/articles/one/")[0] == 200  # not among them: served while the build goes on
        (out / "index.html").write_text("<html><body>half</body></html>", encoding="utf-8")
        answered, bodies = fetch_in_background(srv, "/")
        assert not answered.wait(0.5)  # held back until the build is done with it
        (out / "index.html").write_text("<html><body>whole</body></html>", encoding="utf-8")
        state.lock.done("index.html")
        assert answered.wait(10)  # served before the build ends
        assert b"whole" in bodies[0] and b"half" not in bodies[0]


def test_url_of():
    assert url_of("index.html") == "/"
    assert url_of("topics/turkey/index.html") == "/topics/turkey/"
    assert url_of("feed.xml") == "/feed.xml"


def test_a_page_written_before_the_build_knows_the_rest_is_served_at_once_and_no_other(server):
    srv, state, out = server
    with state.lock.write():
        (out / "articles" / "one" / "index.html").write_text("<html><body>new</body></html>", encoding="utf-8")
        state.lock.done("articles/one/index.html")  # a new article's page, made first (`BuildOptions.early`)
        status, _, body = get(srv, "/articles/one/")
        assert status == 200 and b"new" in body
        answered, bodies = fetch_in_background(srv, "/")
        assert not answered.wait(0.5)  # the rest waits until the build knows what it writes
        state.lock.open_except({"feed.xml"})
        assert answered.wait(10)
