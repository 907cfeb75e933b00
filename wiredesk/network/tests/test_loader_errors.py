"""Every bad network file is refused with one line: FILE:LINE: FIELD: MESSAGE.

Each case edits the small valid network in conftest.py (``SMALL``, whose line numbers are
noted there) or adds to its end (line 57 onwards), and states the exact first error.
"""

import textwrap

import pytest

from wiredesk.network.loader import NetworkFileError, load_network_file

from .conftest import SMALL


def edit(old: str, new: str) -> str:
    assert old in SMALL, old
    return SMALL.replace(old, new, 1)


def add(snippet: str) -> str:
    return SMALL + textwrap.dedent(snippet)


CASES = [
    # -- TOML syntax ---------------------------------------------------------------------
    (
        "syntax-invalid-value",
        edit('name = "Alpha"', "name = Alpha"),
        "network.toml:12: syntax error: invalid value (column 8)",
    ),
    (
        "syntax-duplicate-key",
        edit('name = "Beta"', 'name = "Beta"\nname = "B"'),
        "network.toml:29: syntax error: cannot overwrite a value (column 11)",
    ),
    (
        "syntax-unterminated-string",
        '[network]\nname = "Test\n',
        "network.toml:2: syntax error: illegal character '\\n' (column 13)",
    ),
    # -- [network] and the top level -----------------------------------------------------
    (
        "network-missing",
        edit('[network]\nname = "Test Network"\ndefault_site = "alpha"\n', ""),
        "network.toml:1: network: missing required table [network]",
    ),
    (
        "network-name-missing",
        edit('name = "Test Network"\n', ""),
        "network.toml:1: network.name: missing required field",
    ),
    (
        "network-field-typo",
        edit('default_site = "alpha"', 'defualt_site = "alpha"'),
        "network.toml:3: network.defualt_site: unknown field 'defualt_site' "
        "(did you mean 'default_site'?)",
    ),
    (
        "network-default-site-unknown",
        edit('default_site = "alpha"', 'default_site = "gamma"'),
        "network.toml:3: network.default_site: unknown site 'gamma' (known: alpha, beta)",
    ),
    (
        "top-level-typo",
        add('[[site]]\nkey = "gamma"\n'),
        "network.toml:57: site: unknown field 'site' (did you mean 'sites'?)",
    ),
    (
        "sites-missing",
        '[network]\nname = "Test"\n',
        "network.toml:1: sites: at least one [[sites]] table is required",
    ),
    (
        "sites-empty",
        'sites = []\n\n[network]\nname = "Test"\n',
        "network.toml:1: sites: at least one [[sites]] table is required",
    ),
    (
        "sites-as-table",
        '[network]\nname = "Test"\n\n[sites]\nkey = "a"\n',
        "network.toml:4: sites: expected an array of tables ([[sites]]), got a table",
    ),
    # -- sites ---------------------------------------------------------------------------
    (
        "site-domain-missing",
        edit('domain = "beta.example.org"\n', ""),
        "network.toml:25: sites[1].domain: missing required field",
    ),
    (
        "site-key-invalid",
        add('[[sites]]\nkey = "-gamma"\ndomain = "gamma.example.org"\nname = "Gamma"\n'),
        "network.toml:58: sites[2].key: '-gamma' is not a valid site key (lowercase letters, "
        "digits and hyphens, not starting or ending with a hyphen; it becomes a host name)",
    ),
    (
        "site-key-duplicate",
        add('[[sites]]\nkey = "beta"\ndomain = "gamma.example.org"\nname = "Gamma"\n'),
        "network.toml:58: sites[2].key: duplicate site key 'beta' (first at line 26)",
    ),
    (
        "site-domain-duplicate",
        add('[[sites]]\nkey = "gamma"\ndomain = "Alpha.Example.org"\nname = "Gamma"\n'),
        "network.toml:59: sites[2].domain: duplicate domain 'alpha.example.org' (first at line 11)",
    ),
    (
        "site-domain-invalid",
        edit('domain = "beta.example.org"', 'domain = "beta example"'),
        "network.toml:27: sites[1].domain: 'beta example' is not a valid domain name "
        "(like www.example.com)",
    ),
    (
        "site-name-too-long",
        edit('name = "Beta"', 'name = "' + "B" * 51 + '"'),
        "network.toml:28: sites[1].name: too long (51 characters, at most 50)",
    ),
    (
        "site-time-zone-typo",
        edit('"Europe/Paris"', '"Europe/Pari"'),
        "network.toml:29: sites[1].time_zone: unknown time zone 'Europe/Pari' "
        "(did you mean 'Europe/Paris'?)",
    ),
    (
        "site-time-zone-unknown",
        edit('"Europe/Paris"', '"Nowhere"'),
        "network.toml:29: sites[1].time_zone: unknown time zone 'Nowhere' "
        "(use an IANA name like UTC)",
    ),
    (
        "site-permalink-without-id",
        edit('time_zone = "Europe/Paris"', 'time_zone = "UTC"\npermalink = "/news/{slug}.html"'),
        "network.toml:30: sites[1].permalink: must contain {id} (like /reports/{slug}_{id}.html)",
    ),
    (
        "site-permalink-unknown-placeholder",
        edit(
            'time_zone = "Europe/Paris"',
            'time_zone = "UTC"\npermalink = "/{date}/{slug}_{id}.html"',
        ),
        "network.toml:30: sites[1].permalink: unknown placeholder {date} (use {slug} and {id})",
    ),
    (
        "site-permalink-unsupported",
        edit(
            'time_zone = "Europe/Paris"', 'time_zone = "UTC"\npermalink = "/a/b/{slug}_{id}.html"'
        ),
        "network.toml:30: sites[1].permalink: '/a/b/{slug}_{id}.html' is not a supported "
        "pattern: use /{slug}_{id}.html or /FOLDER/{slug}_{id}.html",
    ),
    (
        "site-language",
        edit('time_zone = "Europe/Paris"', 'time_zone = "UTC"\nlanguage = "English"'),
        "network.toml:30: sites[1].language: 'English' is not a language code (like en or en-GB)",
    ),
    (
        "site-theme-accent",
        edit('time_zone = "Europe/Paris"', 'theme = { accent = "red" }'),
        "network.toml:29: sites[1].theme.accent: 'red' is not a hex colour (like #8b1a1a)",
    ),
    (
        "site-theme-typo",
        edit('time_zone = "Europe/Paris"', '[sites.theme]\naccnet = "#123456"'),
        "network.toml:30: sites[1].theme.accnet: unknown field 'accnet' (did you mean 'accent'?)",
    ),
    (
        "site-theme-date",
        edit('time_zone = "Europe/Paris"', "theme.accent = 2024-01-01"),
        "network.toml:29: sites[1].theme.accent: expected a string, got a date",
    ),
    (
        "site-quoted-unknown-key",
        edit('name = "Alpha"', '"name" = "Alpha"\n"tag line" = "x"'),
        "network.toml:13: sites[0].\"tag line\": unknown field 'tag line' "
        "(did you mean 'tagline'?)",
    ),
    # -- sections ------------------------------------------------------------------------
    (
        "section-key-duplicate",
        edit(
            'keywords = ["telescope", "galaxy"]',
            'keywords = ["telescope"]\n\n[[sites.sections]]\nkey = "science"\nname = "More"',
        ),
        "network.toml:37: sites[1].sections[1].key: duplicate section key 'science' "
        "(first at line 32)",
    ),
    (
        "section-key-not-a-slug",
        edit('key = "news"', 'key = "world news"'),
        "network.toml:15: sites[0].sections[0].key: 'world news' is not a valid slug "
        "(letters, digits, hyphens and underscores)",
    ),
    (
        "section-name-missing",
        edit('  name = "News"\n', ""),
        "network.toml:14: sites[0].sections[0].name: missing required field",
    ),
    (
        "section-keywords-not-strings",
        edit('keywords = ["telescope", "galaxy"]', 'keywords = ["telescope", 42]'),
        "network.toml:34: sites[1].sections[0].keywords: expected an array of strings, "
        "got an integer at index 1",
    ),
    # -- boxes and ads -------------------------------------------------------------------
    (
        "box-unknown-site",
        edit('site = "beta"', 'site = "betta"'),
        "network.toml:20: sites[0].boxes[0].site: unknown site 'betta' (known: alpha, beta)",
    ),
    (
        "box-unknown-section",
        edit('section = "news"', 'section = "newz"'),
        "network.toml:39: sites[1].boxes[0].section: unknown section 'newz' of site 'alpha' "
        "(known: news)",
    ),
    (
        "box-count-zero",
        edit("count = 5", "count = 0"),
        "network.toml:40: sites[1].boxes[0].count: must be between 1 and 20, got 0",
    ),
    (
        "box-count-too-big",
        edit("count = 5", "count = 21"),
        "network.toml:40: sites[1].boxes[0].count: must be between 1 and 20, got 21",
    ),
    (
        "box-count-string",
        edit("count = 5", 'count = "5"'),
        "network.toml:40: sites[1].boxes[0].count: expected an integer, got a string",
    ),
    (
        "box-count-huge",
        edit("count = 5", "count = 99999999999"),
        "network.toml:40: sites[1].boxes[0].count: 99999999999 is out of range",
    ),
    (
        "box-page-type",
        edit("count = 5", 'count = 5\npage_type = "home"'),
        "network.toml:41: sites[1].boxes[0].page_type: unknown page type 'home' "
        "(known: front, section, article)",
    ),
    (
        "box-field-typo",
        edit('title = "From Beta"', 'tittle = "From Beta"'),
        "network.toml:19: sites[0].boxes[0].tittle: unknown field 'tittle' (did you mean 'title'?)",
    ),
    (
        "ad-key-duplicate",
        edit('key = "top"', 'key = "top"\n\n[[sites.ads]]\nkey = "top"'),
        "network.toml:26: sites[0].ads[1].key: duplicate ad zone key 'top' (first at line 23)",
    ),
    # -- agencies and sources ------------------------------------------------------------
    (
        "agency-key-duplicate",
        edit(
            'name = "Agence France-Presse"',
            'name = "Agence France-Presse"\n\n[[agencies]]\nkey = "afp"\nname = "Another"',
        ),
        "network.toml:10: agencies[1].key: duplicate agency key 'afp' (first at line 6)",
    ),
    (
        "agency-licence-days-negative",
        edit('name = "Agence France-Presse"', 'name = "AFP"\nlicence_days = -1'),
        "network.toml:8: agencies[0].licence_days: must be 0 (never expire) or more",
    ),
    (
        "source-unknown-agency",
        edit('agency = "AFP"', 'agency = "APF"'),
        "network.toml:44: sources[0].agency: unknown agency 'APF' (known: AFP)",
    ),
    (
        "source-interval-too-short",
        edit('location = "wire/afp"', 'location = "wire/afp"\ninterval = 5'),
        "network.toml:46: sources[0].interval: must be at least 10 seconds, got 5",
    ),
    (
        "source-url-scheme",
        edit('location = "wire/afp"', 'location = "ftp://example.org/afp"'),
        "network.toml:45: sources[0].location: unsupported URL scheme 'ftp' "
        "(use http, https or a path)",
    ),
    (
        "source-location-missing",
        edit('location = "wire/afp"\n', ""),
        "network.toml:42: sources[0].location: missing required field",
    ),
    (
        "source-name-duplicate",
        add('[[sources]]\nname = "afp-wire"\nlocation = "https://example.org/feed.xml"\n'),
        "network.toml:58: sources[1].name: duplicate source name 'afp-wire' (first at line 43)",
    ),
    # -- rules ---------------------------------------------------------------------------
    (
        "rule-regex-invalid",
        add('[[rules]]\nname = "Bad"\naction.hold = true\nmatch.regex = "(unclosed"\n'),
        "network.toml:60: rules[2].match.regex: invalid regular expression: "
        "missing ), unterminated subpattern at position 0",
    ),
    (
        "rule-match-unknown-agency",
        add('[[rules]]\nname = "X"\naction.hold = true\n[rules.match]\nagency = "UPI"\n'),
        "network.toml:61: rules[2].match.agency: unknown agency 'UPI' (known: AFP)",
    ),
    (
        "rule-match-unknown-source",
        add('[[rules]]\nname = "X"\naction.hold = true\n[rules.match]\nsource = "upi-wire"\n'),
        "network.toml:61: rules[2].match.source: unknown source 'upi-wire' (known: afp-wire)",
    ),
    (
        "rule-match-field-typo",
        edit('match.keywords = ["football"]', 'match.keyword = ["football"]'),
        "network.toml:55: rules[1].match.keyword: unknown field 'keyword' "
        "(did you mean 'keywords'?)",
    ),
    (
        "rule-match-subject-type",
        edit('match.keywords = ["football"]', "match.subject = 15000000"),
        "network.toml:55: rules[1].match.subject: expected a string or an array of strings, "
        "got an integer",
    ),
    (
        "rule-action-unknown-site",
        edit('action = { site = "beta", section = "science" }', 'action = { site = "gamma" }'),
        "network.toml:50: rules[0].action.site: unknown site 'gamma' (known: alpha, beta)",
    ),
    (
        "rule-action-unknown-section",
        edit('{ site = "beta", section = "science" }', '{ site = "alpha", section = "science" }'),
        "network.toml:50: rules[0].action.section: unknown section 'science' of site 'alpha' "
        "(known: news)",
    ),
    (
        "rule-action-missing",
        edit('action = { site = "beta", section = "science" }\n', ""),
        "network.toml:47: rules[0].action: missing required field",
    ),
    (
        "rule-action-without-site",
        edit('action = { site = "beta", section = "science" }', "action = { primary = false }"),
        "network.toml:50: rules[0].action.site: missing required field (unless hold or reject)",
    ),
    (
        "rule-hold-and-reject",
        edit("action.reject = true", "action.reject = true\naction.hold = true"),
        "network.toml:56: rules[1].action.reject: hold and reject cannot both be true",
    ),
    (
        "rule-priority-boolean",
        edit("action.reject = true", "action.reject = true\naction.priority = true"),
        "network.toml:57: rules[1].action.priority: expected an integer, got a boolean",
    ),
    (
        "rule-name-duplicate",
        edit('name = "Reject sport"', 'name = "Science to Beta"'),
        "network.toml:53: rules[1].name: duplicate rule name 'Science to Beta' (first at line 48)",
    ),
    # -- finding the line: multi-line values must not confuse the scanner ----------------
    (
        "line-after-multiline-string",
        edit(
            'name = "Alpha"',
            'name = "Alpha"\ndescription = """\n[[sites]]\nkey = "fake" \\\n"""',
        ).replace('site = "beta"', 'site = "betta"', 1),
        "network.toml:24: sites[0].boxes[0].site: unknown site 'betta' (known: alpha, beta)",
    ),
    (
        "line-after-multiline-array",
        edit(
            'keywords = ["telescope", "galaxy"]',
            'keywords = [\n  "telescope",  # [[sites]]\n  "galaxy",\n]',
        ).replace("count = 5", "count = 0"),
        "network.toml:43: sites[1].boxes[0].count: must be between 1 and 20, got 0",
    ),
]


@pytest.mark.parametrize("text, expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_network_file_is_refused_with_one_line(write_network, text, expected):
    path = write_network(text)
    with pytest.raises(NetworkFileError) as caught:
        load_network_file(path)
    message = str(caught.value)
    assert message == expected
    assert "\n" not in message


def test_the_small_network_itself_is_valid(small_file):
    assert load_network_file(small_file).name == "Test Network"
