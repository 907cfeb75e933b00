"""No fetching of loopback, private, link-local (cloud metadata), ULA or other non-public
addresses unless allowed: checked after DNS resolution, on every redirect, and pinned so the
connection goes to the address that was checked. DNS is faked; no test sends traffic to
anything but 127.0.0.1."""

import ipaddress

import pytest

from wiredesk.ingest.fetch import FetchError, RefusedAddress, fetch, is_public

from . import test_fetch_support as support
from .test_fetch_support import FEED, fake_dns

server, loopback_only = support.server, support.loopback_only  # fixtures

HINT = "a non-public address (set WIREDESK_ALLOW_PRIVATE_FETCH=1 to allow)"
PUBLIC = "93.184.216.34"

NON_PUBLIC = [
    "127.0.0.1",
    "127.1.2.3",
    "10.0.0.1",
    "10.255.255.254",
    "172.16.0.1",
    "172.31.255.254",
    "192.168.1.1",
    "169.254.169.254",
    "169.254.0.1",
    "0.0.0.0",
    "100.64.0.1",
    "224.0.0.1",
    "255.255.255.255",
    "::1",
    "::",
    "fc00::1",
    "fd12:3456:789a::1",
    "fe80::1",
    "::ffff:127.0.0.1",
    "::ffff:169.254.169.254",
    "2002:7f00:1::1",  # 6to4 wrapping 127.0.0.1
]


@pytest.mark.parametrize("address", NON_PUBLIC)
def test_non_public_addresses(address):
    assert not is_public(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", [PUBLIC, "1.1.1.1", "2606:4700:4700::1111"])
def test_public_addresses(address):
    assert is_public(ipaddress.ip_address(address))


def _refusal(url, **kwargs) -> str:
    with pytest.raises(RefusedAddress) as caught:
        fetch(url, allow_private=False, **kwargs)
    return str(caught.value)


@pytest.mark.parametrize(
    "host, address",
    [
        ("127.0.0.1", "127.0.0.1"),
        ("10.1.2.3", "10.1.2.3"),
        ("172.16.5.4", "172.16.5.4"),
        ("192.168.0.10", "192.168.0.10"),
        ("169.254.169.254", "169.254.169.254"),
        ("[::1]", "::1"),
        ("[fd00::1]", "fd00::1"),
        ("[fe80::1]", "fe80::1"),
    ],
)
def test_address_literals_are_refused_without_connecting(loopback_only, host, address):
    reason = _refusal(f"http://{host}/feed")
    assert reason == f"refused: {host.strip('[]')} resolves to {address}, {HINT}"
    assert loopback_only.connected == []


@pytest.mark.parametrize("address", NON_PUBLIC)
def test_hostnames_resolving_to_non_public_addresses_are_refused(
    monkeypatch, loopback_only, address
):
    fake_dns(monkeypatch, {"feeds.example.com": [address]})
    reason = _refusal("https://feeds.example.com/rss")
    assert (
        reason == f"refused: feeds.example.com resolves to {ipaddress.ip_address(address)}, {HINT}"
    )
    assert loopback_only.connected == []


def test_one_private_answer_among_public_ones_is_refused(monkeypatch, loopback_only):
    fake_dns(monkeypatch, {"feeds.example.com": [PUBLIC, "10.0.0.7"]})
    assert "resolves to 10.0.0.7" in _refusal("http://feeds.example.com/")
    assert loopback_only.connected == []


def test_localhost_is_refused(loopback_only):
    assert "localhost resolves to" in _refusal("http://localhost/feed")
    assert loopback_only.connected == []


def test_unresolvable_host_is_a_reason(monkeypatch):
    fake_dns(monkeypatch, {})
    with pytest.raises(FetchError) as caught:
        fetch("http://no-such-host.example/feed")
    assert str(caught.value) == "cannot resolve no-such-host.example: Name or service not known"


@pytest.mark.parametrize(
    "url, scheme",
    [
        ("file:///etc/passwd", "file"),
        ("ftp://example.com/feed.xml", "ftp"),
        ("gopher://example.com/", "gopher"),
        ("javascript:alert(1)", "javascript"),
        ("data:text/xml,<rss/>", "data"),
        ("//example.com/feed", "none"),
    ],
)
def test_non_http_schemes_are_refused(loopback_only, url, scheme):
    with pytest.raises(FetchError) as caught:
        fetch(url, allow_private=True)
    assert str(caught.value) == f"only http and https URLs can be fetched, not {scheme}"
    assert loopback_only.connected == []


def test_the_connection_goes_to_the_checked_address_with_the_original_host(
    monkeypatch, server, loopback_only
):
    """Pinning: the fetcher resolves once, connects to that address, and still sends the
    original name as Host (it would be the SNI name over TLS)."""
    lookups = fake_dns(monkeypatch, {"wire.example.test": ["127.0.0.1"]})
    server.route("/feed")
    fetched = fetch(f"http://wire.example.test:{server.port}/feed", allow_private=True)
    assert fetched.content == FEED
    assert lookups == ["wire.example.test"]
    assert loopback_only.connected == [("127.0.0.1", server.port)]
    assert server.headers_of("/feed")[0]["host"] == f"wire.example.test:{server.port}"


def test_dns_rebinding_cannot_swap_the_address_after_the_check(monkeypatch, server, loopback_only):
    """The first answer is public, every later one is loopback: the connection must go to
    the public address that was checked (the stand-in for 'the internet' is our loopback
    server), and nothing may resolve the name a second time for the same connection."""
    lookups = fake_dns(
        monkeypatch, {"rebind.example": lambda n: [PUBLIC] if n == 1 else ["127.0.0.1"]}
    )
    loopback_only.redirect[PUBLIC] = "127.0.0.1"  # play the public server locally
    server.route("/feed")
    fetched = fetch(f"http://rebind.example:{server.port}/feed", allow_private=False)
    assert fetched.content == FEED
    assert lookups == ["rebind.example"]
    assert loopback_only.connected == [(PUBLIC, server.port)]


@pytest.mark.parametrize(
    "target, address",
    [
        ("http://169.254.169.254/latest/meta-data/", "169.254.169.254"),
        ("http://127.0.0.1:8000/admin/", "127.0.0.1"),
        ("http://[::1]/", "::1"),
        ("http://internal.example/", "10.0.0.5"),
    ],
)
def test_every_redirect_target_is_checked_again(
    monkeypatch, server, loopback_only, target, address
):
    fake_dns(monkeypatch, {"public.example": [PUBLIC], "internal.example": ["10.0.0.5"]})
    loopback_only.redirect[PUBLIC] = "127.0.0.1"
    server.route("/feed", status=302, body=b"", headers={"Location": target})
    with pytest.raises(RefusedAddress) as caught:
        fetch(f"http://public.example:{server.port}/feed", allow_private=False)
    host = target.split("/")[2].rsplit(":", 1)[0].strip("[]") if "[" not in target else "::1"
    assert str(caught.value) == f"refused: {host} resolves to {address}, {HINT}"
    assert loopback_only.connected == [(PUBLIC, server.port)]


def test_allow_private_fetches_loopback(server):
    url = server.route("/feed")
    assert fetch(url, allow_private=True).content == FEED
    with pytest.raises(RefusedAddress):
        fetch(url, allow_private=False)


def test_proxies_from_the_environment_are_ignored(monkeypatch, server, loopback_only):
    monkeypatch.setenv("HTTP_PROXY", "http://10.9.9.9:3128")
    monkeypatch.setenv("ALL_PROXY", "http://10.9.9.9:3128")
    url = server.route("/feed")
    assert fetch(url, allow_private=True).content == FEED
    assert loopback_only.connected == [("127.0.0.1", server.port)]
