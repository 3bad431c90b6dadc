"""The local server sends the pages as CloudFront does: gzip for a viewer that accepts it
(text-like types from 1,000 bytes), and validators a reload revalidates with (304)."""

import gzip
from pathlib import Path

from werkzeug.test import Client

from local.outbox import Outbox
from local.server import PortalServer

WEB = Path(__file__).resolve().parents[2] / "web"


def _client() -> Client:
    server = PortalServer({}, Outbox("us-east-1"), {"stage": "local"}, lambda name: None, storage_origin="http://s3")
    return Client(server)


def test_a_page_is_gzipped_for_a_viewer_that_accepts_it_and_plain_for_one_that_does_not() -> None:
    client = _client()
    script = (WEB / "js" / "api.js").read_bytes()
    assert len(script) >= 1000

    zipped = client.get("/js/api.js", headers={"Accept-Encoding": "gzip, deflate, br"})
    plain = client.get("/js/api.js")

    assert zipped.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.get_data()) == script
    assert int(zipped.headers["Content-Length"]) < len(script)
    assert "Accept-Encoding" in zipped.headers["Vary"]
    assert "Content-Encoding" not in plain.headers
    assert plain.get_data() == script


def test_a_reload_revalidates_with_the_etag_and_gets_a_304_without_the_body() -> None:
    client = _client()
    first = client.get("/js/api.js", headers={"Accept-Encoding": "gzip"})

    again = client.get("/js/api.js", headers={"Accept-Encoding": "gzip", "If-None-Match": first.headers["ETag"]})
    changed = client.get("/js/api.js", headers={"If-None-Match": '"not-this-one"'})

    assert first.headers["ETag"]
    assert again.status_code == 304
    assert again.get_data() == b""
    assert changed.status_code == 200


def test_small_answers_are_not_compressed() -> None:
    reply = _client().get("/config.json", headers={"Accept-Encoding": "gzip"})

    assert reply.status_code == 200
    assert "Content-Encoding" not in reply.headers
