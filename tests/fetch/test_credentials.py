"""Secrets stay home: no .netrc credentials to cited hosts, URL credentials refused and masked."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from briefcheck.extractors import brief_to_json, extract_text
from briefcheck.fetch import FetchRequest, fetch_all, fetch_source
from briefcheck.fetch.http import environment_for
from briefcheck.models import Reference, SourceStatus
from briefcheck.redact import redact_credentials
from briefcheck.resolve import entry_for, load_sources
from tests.support.fetch_helpers import fast_options, page
from tests.support.localserver import LocalServer, Route

SECRET = "s3cret-Pa55"


def test_netrc_credentials_are_not_sent_to_cited_hosts(
    local_server: LocalServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    netrc = tmp_path / ".netrc"
    netrc.write_text(f"machine 127.0.0.1\nlogin alice\npassword {SECRET}\n")
    netrc.chmod(0o600)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("NETRC", raising=False)
    local_server.add("/robots.txt", Route(body="User-agent: *\nAllow: /\n"))
    urls = [local_server.add(f"/a{i}", page("article.html")) for i in range(2)]
    results = fetch_all([FetchRequest(u) for u in urls], fast_options(local_server))
    assert all(r.status is SourceStatus.OK for r in results)
    assert local_server.hits() == 3  # robots.txt and both pages
    assert [r.header("authorization") for r in local_server.requests] == [None] * 3


def test_proxy_from_the_environment_is_still_used(monkeypatch: pytest.MonkeyPatch) -> None:
    """trust_env is off; proxies are taken from the environment on purpose."""
    with LocalServer() as proxy:
        cited = "http://93.184.215.14/page"
        proxy.add(cited, page("article.html"))  # a proxy sees the absolute URL as the path
        monkeypatch.setenv("HTTP_PROXY", proxy.origin)
        monkeypatch.delenv("NO_PROXY", raising=False)
        monkeypatch.delenv("no_proxy", raising=False)
        result = fetch_source(FetchRequest(cited), fast_options(obey_robots=False))
        assert result.status is SourceStatus.OK, result.error
        assert [r.path for r in proxy.requests] == [cited]


def test_ca_bundle_from_the_environment_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CURL_CA_BUNDLE", raising=False)
    monkeypatch.delenv("REQUESTS_CA_BUNDLE", raising=False)
    assert environment_for("https://example.org/")[1] is True
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", "/etc/corp-ca.pem")
    assert environment_for("https://example.org/")[1] == "/etc/corp-ca.pem"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("http://ann:s3cret@example.org/x", "http://***:******@example.org/x"),
        ("https://token@example.org", "https://*****@example.org"),
        ("https://a:p@ss@example.org/x?y=1", "https://*:****@example.org/x?y=1"),
        ("https://medium.com/@writer/post", "https://medium.com/@writer/post"),
        ("https://example.org/?mail=a@b.org", "https://example.org/?mail=a@b.org"),
        ("http://[::1", "http://[::1"),
        ("see http://u:pw@a.org/1 and ftp://v:pw@b.org/2.", "see http://*:**@a.org/1 and "
         "ftp://*:**@b.org/2."),
        ("http://***:***@example.org/", "http://***:***@example.org/"),
    ],
    ids=["user-password", "token", "at-in-password", "at-in-path", "at-in-query", "unparsable",
         "in-text", "idempotent"],
)  # fmt: skip
def test_redact_credentials(text: str, expected: str) -> None:
    assert redact_credentials(text) == expected
    assert len(redact_credentials(text)) == len(text)


def _assert_refused_without_secret(url: str, server: LocalServer | None = None) -> None:
    result = fetch_source(FetchRequest(url), fast_options(server))
    assert (result.status, result.reason) == (SourceStatus.REFUSED, "credentials in url")
    assert SECRET not in repr(result)


def test_sources_file_credentials_are_masked_and_still_refused(tmp_path: Path) -> None:
    sources = tmp_path / "sources.yaml"
    sources.write_text(
        f'sources:\n  "1":\n    url: https://ann:{SECRET}@example.org/a\n'
        f"    archive: https://ann:{SECRET}@archive.example.org/a\n"
    )
    entry = load_sources(sources)["1"]
    assert entry.url is not None and SECRET not in entry.url
    assert entry.archive is not None and SECRET not in entry.archive
    _assert_refused_without_secret(entry.url)


def test_brief_linked_credentials_are_masked_and_still_refused() -> None:
    brief = extract_text(
        f"The law was adopted on 8 September 2022.[1]\n"
        f"[1] KCNA, “Law on Nuclear Forces”, 9 September 2022, "
        f"http://ann:{SECRET}@kcna.example/law.\n"
    )
    assert SECRET not in json.dumps(brief_to_json(brief), ensure_ascii=False)
    assert SECRET not in brief.text
    ref = brief.footnotes[0].references[0]
    assert ref.url is not None and ref.url.startswith("http://***:")
    _assert_refused_without_secret(ref.url)


def test_entry_for_masks_a_references_own_url() -> None:
    ref = Reference(
        id="1", footnote=1, text="x", start=0, end=1, url=f"http://ann:{SECRET}@a.example/"
    )
    entry = entry_for(ref, {})
    assert entry.url == "http://***:***********@a.example/"


def test_redirect_to_credentials_is_refused_without_echoing_them(
    local_server: LocalServer,
) -> None:
    target = f"http://ann:{SECRET}@127.0.0.1:{local_server.port}/article"
    url = local_server.add("/to-creds", Route(status=302, headers={"Location": target}))
    _assert_refused_without_secret(url, local_server)


def test_fetch_request_masks_credentials_whoever_builds_it() -> None:
    """Prefect names fetch task runs after the request's URL: it must not hold the secret."""
    request = FetchRequest(f"https://ann:{SECRET}@a.example/x", archive=f"https://b:{SECRET}@c/")
    assert SECRET not in repr(request)
    _assert_refused_without_secret(f"https://ann:{SECRET}@a.example/x")
