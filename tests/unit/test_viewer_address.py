"""The viewer's address in CloudFront-Viewer-Address ("ip:port", "[v6]:port"), and when it is
believed: only beside the edge origin key, which a stage without CloudFront does not have."""

import pytest
from chalice.app import Request

from functions.core.session import client_address, viewer_address


@pytest.mark.parametrize(
    ("header", "address"),
    [
        ("203.0.113.7:46532", "203.0.113.7"),
        ("203.0.113.7:0", "203.0.113.7"),
        ("203.0.113.7:65535", "203.0.113.7"),
        ("[2001:db8::1]:46532", "2001:db8::1"),
        ("[2001:DB8:0:0:0:0:0:1]:443", "2001:db8::1"),  # one spelling per address, one counter
        ("[::ffff:203.0.113.7]:443", "203.0.113.7"),  # IPv4 written as v6 is the IPv4 viewer
        ("[::1]:1", "::1"),
    ],
)
def test_the_address_is_read_without_its_port(header: str, address: str) -> None:
    assert viewer_address(header) == address


@pytest.mark.parametrize(
    "header",
    [
        "",
        "203.0.113.7",  # no port
        "203.0.113.7:",
        "203.0.113.7:65536",
        "203.0.113.7:-1",
        "203.0.113.7:4653a",
        "203.0.113.7:\u0664\u0665",  # Arabic-Indic digits are digits to str.isdigit, not a port
        "203.0.113.7:123456",
        " 203.0.113.7:46532",
        "203.0.113.7 :46532",
        "203.0.113.007:46532",  # leading zeros: octal to some readers
        "203.0.113:46532",
        "999.0.113.7:46532",
        "2001:db8::1:46532",  # v6 without brackets: where would the port start?
        "[2001:db8::1]",
        "[2001:db8::1]:",
        "[203.0.113.7]:46532",  # v4 in brackets
        "2001:db8::1]:46532",
        "[2001:db8::1:46532",
        "[fe80::1%eth0]:46532",  # a zone names the viewer's interface, not an address
        "[2001:db8::1]:46532, 203.0.113.7:1",
        "localhost:46532",
        "unknown",
        "[]:46532",
        ":46532",
    ],
)
def test_anything_else_is_no_address(header: str) -> None:
    assert viewer_address(header) is None


def _request(headers: dict[str, str], source_ip: str = "64.252.64.10") -> Request:
    event = {
        "requestContext": {"httpMethod": "POST", "resourcePath": "/auth/start", "identity": {"sourceIp": source_ip}},
        "headers": headers,
        "multiValueQueryStringParameters": None,
        "pathParameters": None,
        "stageVariables": None,
        "body": None,
    }
    return Request(event)


def test_without_a_viewer_address_the_source_ip_counts() -> None:
    assert client_address(_request({})) == "64.252.64.10"
    assert client_address(_request({}, source_ip="")) == "unknown"


def test_with_no_edge_origin_key_in_the_settings_a_viewer_address_is_the_callers_say_so(
    stage_secrets: dict[str, str],
) -> None:
    # Given settings that name no edge origin key (a stage with no CloudFront in front), in
    # which reading a secret would still work
    headers = {"cloudfront-viewer-address": "203.0.113.7:46532", "x-portal-edge": "k" * 64}

    assert client_address(_request(headers)) == "64.252.64.10"
