"""robots.txt outcomes as RFC 9309 reads them: rules, no rules (4xx), or stay away (unreachable)."""

from __future__ import annotations

from newslake.sources.robots import RobotsFetched, robots_url, rules_from, site_key

UA = "newslake-test/1.0"


def test_a_body_gives_rules_and_a_crawl_delay() -> None:
    body = b"User-agent: *\nDisallow: /private/\nCrawl-delay: 3\n"
    rules = rules_from(RobotsFetched(body=body))
    assert rules.refusal("http://a.example/private/x.html", UA) == "disallowed by robots.txt"
    assert rules.refusal("http://a.example/news/1.html", UA) is None
    assert rules.crawl_delay(UA) == 3.0


def test_a_4xx_means_no_rules_and_a_5xx_or_failure_means_stay_away() -> None:
    assert rules_from(RobotsFetched(status=404)).refusal("http://a/x", UA) is None
    assert (
        rules_from(RobotsFetched(status=503)).refusal("http://a/x", UA)
        == "robots.txt unreachable (HTTP 503)"
    )
    assert (
        rules_from(RobotsFetched(failure="timeout")).refusal("http://a/x", UA)
        == "robots.txt unreachable (timeout)"
    )


def test_one_robots_file_per_scheme_and_host() -> None:
    assert robots_url("https://A.example:8443/n/1.html?q=1") == "https://A.example:8443/robots.txt"
    assert site_key("https://A.example/n/1.html") == site_key("https://a.example/other")
    assert site_key("http://a.example/") != site_key("https://a.example/")
