"""What an HTML page says about itself: title, headline, date, authors, outlet, language.

Read with bs4 from meta tags, JSON-LD, `<time>` and visible bylines; the original
publication date is preferred over any "updated" one at every step.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from bs4 import BeautifulSoup, Tag

from briefcheck.models import Precision, Where
from briefcheck.parse.bylines import dateline_reporters, masthead, text_byline
from briefcheck.parse.dates import parse_date_string
from briefcheck.parse.regions import WHERE_ATTR


@dataclass(frozen=True, slots=True)
class Published:
    """A publication date, how precisely it is stated, the words it came from and where."""

    value: str
    precision: Precision
    text: str
    source: str


@dataclass(frozen=True, slots=True)
class PageMeta:
    """Everything the page states about itself; None or empty where it is silent."""

    title: str | None = None
    headline: str | None = None
    published: Published | None = None
    published_updated: Published | None = None
    authors: tuple[str, ...] = ()
    outlet: str | None = None
    publisher: str | None = None
    masthead: str | None = None
    language: str | None = None


# Meta names for the original publication date, most specific first; "modified" and
# "updated" names are deliberately absent.
_PUBLISHED_META = (
    "article:published_time",
    "og:published_time",
    "datepublished",
    "citation_publication_date",
    "citation_date",
    "citation_online_date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "dcterms.date",
    "dcterms.created",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "parsely-pub-date",
    "sailthru.date",
    "date",
)
# Labels sites print before the original date, in the languages of our sources; "Updated",
# "Modified", "修改" and "수정" are not among them on purpose.
_PUBLISHED_LABEL = re.compile(
    r"(?<![A-Za-z])(?:Published(?:\s+on)?|Posted(?:\s+on)?|First published|Date|Released|"
    r"发布时间|發布時間|发表时间|發表時間|发布日期|时间|日期|입력|등록|기사입력)\s*[:：]?\s*",
    re.IGNORECASE,
)
# Site suffixes and prefixes around a title: "Headline | Outlet", "Outlet - Headline".
_TITLE_SEPARATORS = re.compile(r"\s+[|–—·»:-]{1,2}\s+|\s*(?:[｜_]|--)\s*")
_BYLINE_NOISE = re.compile(
    r"^(?:by|written by|author|作者|记者|文|기자)\s*[:：]?\s*|\s*(?:기자|记者|reporter)$",
    re.IGNORECASE,
)
_AUTHOR_SPLIT = re.compile(r"\s*(?:,|;|&|、|\band\b|\bund\b|，)\s*", re.IGNORECASE)
# Where themes print the byline; `[class*=…]` catches BEM names ("article-byline__author").
_BYLINE_SELECTORS = (
    ".byline, .author, .article-author, .writer, [class*=author-name], [class*=__author],"
    " [class*=post-author] a, a[href*='/author/']"
)
# Single-page apps keep the article record in a JSON blob; these keys hold its first date.
_JSON_PUBLISHED_KEY = re.compile(
    r'"(?:pub|publish|published|release|first_?publish)(?:_?(?:time|date|at|ed))?"\s*:\s*"([^"]{4,40})"',
    re.IGNORECASE,
)
# Class names themes give the element showing the publication date.
_DATE_CLASS = re.compile(
    r"(?:^|[_-])(?:publish(?:ed)?(?:[_-]?(?:date|time|on))?|pub[_-]?date|post(?:ed)?[_-]?(?:date|on)"
    r"|date|datetime|dateline|timestamp)(?:$|[_-])",
    re.IGNORECASE,
)
_NOT_WORKS = {"Organization", "Person", "WebSite", "BreadcrumbList"}
_EMAIL = re.compile(r"\S+@\S+")
_HANGUL = re.compile(r"[\uac00-\ud7af]")
_KANA = re.compile(r"[\u3040-\u30ff]")
_HAN = re.compile(r"[\u3400-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")


def _clean(value: object) -> str | None:
    """Text with whitespace collapsed, or None when blank or not text."""
    if not isinstance(value, str):
        return None
    text = " ".join(value.split())
    return text or None


def _meta(soup: BeautifulSoup, *names: str) -> list[str]:
    """Contents of meta tags whose property, name or itemprop is one of `names`, in order."""
    wanted = {n.lower() for n in names}
    found: dict[str, list[str]] = {n: [] for n in wanted}
    for tag in soup.find_all("meta"):
        key = tag.get("property") or tag.get("name") or tag.get("itemprop") or ""
        content = _clean(tag.get("content"))
        if isinstance(key, str) and key.lower() in wanted and content:
            found[key.lower()].append(content)
    return [v for n in names for v in found[n.lower()]]


def _json_ld_objects(soup: BeautifulSoup) -> list[dict[str, Any]]:
    """Every JSON-LD object on the page, @graph members included; broken blocks skipped."""
    objects: list[dict[str, Any]] = []

    def walk(node: Any) -> None:
        if isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            objects.append(node)
            walk(node.get("@graph", []))

    for script in soup.find_all("script", type=re.compile(r"ld\+json", re.I)):
        try:
            walk(json.loads(script.string or ""))
        except (json.JSONDecodeError, RecursionError):
            continue
    return objects


def _ld_types(obj: dict[str, Any]) -> set[str]:
    kind = obj.get("@type", [])
    return {str(k) for k in (kind if isinstance(kind, list) else [kind])}


def _ld_article(objects: list[dict[str, Any]]) -> dict[str, Any]:
    """The JSON-LD object describing the page's work (article, report, chapter), if any."""
    for obj in objects:
        describes_work = obj.get("headline") or obj.get("datePublished") or obj.get("author")
        if describes_work and not _ld_types(obj) & _NOT_WORKS:
            return obj
    return {}


def _names(value: Any) -> list[str]:
    """Names from a JSON-LD person/organisation value: a string, an object or a list."""
    if isinstance(value, list):
        return [n for item in value for n in _names(item)]
    if isinstance(value, dict):
        name = _clean(value.get("name"))
        return [name] if name else []
    name = _clean(value)
    return [name] if name and not name.startswith("http") else []


def _same_site(part: str, site: str) -> bool:
    part = part.strip().casefold()
    return bool(part) and (part in site or site in part)


def _split_title(title: str, outlet: str | None) -> tuple[str, str | None]:
    """A page title without the site's name before or after it, and that name if it was there."""
    seps = list(_TITLE_SEPARATORS.finditer(title))
    if not seps:
        return title, None
    site = (outlet or "").casefold()
    first, last = seps[0], seps[-1]
    if site and _same_site(title[last.end() :], site):
        return title[: last.start()], title[last.end() :]
    if site and _same_site(title[: first.start()], site):
        return title[first.end() :], title[: first.start()]
    # Without a known site name only pipes, underscores and double dashes reliably mark a
    # suffix ("Title | Section | Site", "标题--栏目--网站"); spaced dashes and colons are as
    # often part of the headline ("Kim Jong Un's Beijing Visit: A View ...").
    if site or last.group().strip() not in {"|", "｜", "_", "--"}:
        return title, None
    head = title[: last.start()]
    while (inner := list(_TITLE_SEPARATORS.finditer(head))) and inner[-1].group().strip() in {
        "|",
        "｜",
        "_",
        "--",
    }:
        head = head[: inner[-1].start()]
    return head, title[last.end() :]


def _title(soup: BeautifulSoup, outlet: str | None) -> tuple[str | None, str | None]:
    """The page's title without site affixes, and the site name the `<title>` ends with."""
    candidates = [*_meta(soup, "og:title", "twitter:title", "citation_title", "dc.title")]
    html_title = _clean(soup.title.string) if soup.title and soup.title.string else None
    suffix = _split_title(html_title, outlet)[1] if html_title else None
    for raw in [*candidates, html_title]:
        text = _clean(raw)
        if text:
            return _split_title(text, outlet)[0], suffix
    return None, suffix


def _split_on_headline(title: str, headline: str) -> tuple[str, str | None]:
    """ "Headline - Site" → ("Headline", "Site") when the page's own h1 shows where it ends."""
    for sep in _TITLE_SEPARATORS.finditer(title):
        before, after = title[: sep.start()], title[sep.end() :]
        if before.casefold() == headline.casefold() and after:
            return before, after
        if after.casefold() == headline.casefold() and before:
            return after, before
    return title, None


def _headline(soup: BeautifulSoup, article: dict[str, Any]) -> str | None:
    """The article's own headline: an h1 in the article, else JSON-LD, else the first h1."""
    for scope in ("article h1", "main h1", "[itemprop=headline]"):
        found = soup.select_one(scope)
        if found and _clean(found.get_text(" ")):
            return _clean(found.get_text(" "))
    ld = _clean(article.get("headline"))
    if ld:
        return ld
    for h1 in soup.find_all("h1"):
        if not h1.find_parent(["header", "nav"]) and _clean(h1.get_text(" ")):
            return _clean(h1.get_text(" "))
    return None


def _published_from_markup(soup: BeautifulSoup, article: dict[str, Any]) -> Published | None:
    """The original publication date stated in JSON-LD, meta tags or `<time>` elements."""
    candidates: list[tuple[str, str]] = []
    if _clean(article.get("datePublished")):
        candidates.append((article["datePublished"], "JSON-LD datePublished"))
    candidates += [(v, "meta tag") for v in _meta(soup, *_PUBLISHED_META)]
    for time in _time_elements(soup):
        candidates.append((str(time.get("datetime") or time.get_text(" ")), "<time> element"))
    for raw, source in candidates:
        parsed = parse_date_string(raw)
        if parsed:
            return Published(parsed[0], parsed[1], _clean(raw) or raw, source)
    return _published_from_json(soup)


def _published_from_json(soup: BeautifulSoup) -> Published | None:
    """A publication date in an app's embedded JSON state (Next.js `__NEXT_DATA__` and kin)."""
    for script in soup.find_all("script", type=re.compile(r"^application/json$", re.I)):
        m = _JSON_PUBLISHED_KEY.search(script.string or "")
        parsed = parse_date_string(m.group(1)) if m else None
        if m and parsed:
            return Published(parsed[0], parsed[1], m.group(1), "embedded JSON")
    return None


def _published_from_date_element(soup: BeautifulSoup) -> Published | None:
    """The text of a short element whose class names it the publication date (not an update)."""
    for tag in soup.find_all(class_=_DATE_CLASS):
        if not isinstance(tag, Tag) or _in_boilerplate(tag) or tag.find_parent(class_=_DATE_CLASS):
            continue
        text = _clean(tag.get_text(" ")) or ""
        if len(text) > 80 or re.search(r"updat|modif|修改|수정|업데이트", text, re.IGNORECASE):
            continue
        parsed = parse_date_string(text)
        if parsed:
            return Published(parsed[0], parsed[1], text, "date element")
    return None


def _published_from_update_marked(soup: BeautifulSoup) -> Published | None:
    """A `<time>` marked "updated" when it is the page's only one (hAtom themes mark all so)."""
    times = [t for t in soup.find_all("time") if isinstance(t, Tag) and not _in_boilerplate(t)]
    if len(times) != 1:
        return None
    raw = str(times[0].get("datetime") or times[0].get_text(" "))
    parsed = parse_date_string(raw)
    return Published(parsed[0], parsed[1], raw, "<time> marked updated") if parsed else None


def _time_elements(soup: BeautifulSoup) -> Iterator[Tag]:
    """`<time>` elements that mark publication, not an update; marked ones first."""
    times = [t for t in soup.find_all("time") if isinstance(t, Tag) and not _in_boilerplate(t)]

    def is_update(t: Tag) -> bool:
        context = t.parent.get_text(" ") if t.parent else ""
        marks = f"{_class_names(t)} {t.get('itemprop') or ''} {context}"
        return bool(re.search(r"updat|modif|修改|수정", marks, re.IGNORECASE))

    marked = [t for t in times if t.get("itemprop") == "datePublished" or t.has_attr("pubdate")]
    yield from marked
    yield from (t for t in times if t not in marked and not is_update(t))


def _class_names(tag: Tag) -> str:
    """A tag's classes as one string (bs4 gives a list)."""
    classes: object = tag.get("class") or []
    return " ".join(classes) if isinstance(classes, list) else str(classes)


# Regions whose dates and names belong to other works or other people. Furniture is not
# among them: a byline or a date often stands below the article, outside its text.
_OTHERS_REGIONS = frozenset({Where.COMMENTS.value, Where.RELATED.value, Where.SIDEBAR.value})


def _in_boilerplate(tag: Tag) -> bool:
    """True for a tag inside a comment thread, a sidebar, a related list or a navigation bar,
    as `parse.regions.mark_regions` marked the page."""
    for el in (tag, *tag.parents):
        if el.name in {"aside", "nav", "footer"} or el.get(WHERE_ATTR) in _OTHERS_REGIONS:
            return True
    return False


def published_from_text(visible: str) -> Published | None:
    """A date printed after a "Published:"-style label in the page's visible text."""
    for m in _PUBLISHED_LABEL.finditer(visible):
        window = visible[m.end() : m.end() + 40]
        parsed = parse_date_string(window.split("\n")[0])
        if parsed:
            label = m.group(0).strip()
            return Published(
                parsed[0], parsed[1], f"{label} {window.split(chr(10))[0].strip()}", "byline"
            )
    return None


def _authors(soup: BeautifulSoup, article: dict[str, Any], main_text: str) -> tuple[str, ...]:
    """Authors from the most structured place that names them, then the visible byline."""
    cited = [_inverted_name(a) for a in _meta(soup, "citation_author", "dc.creator")]
    sources: list[list[str]] = [
        _names(article.get("author")),
        cited,
        _meta(soup, "author", "article:author", "parsely-author", "byl"),
        [t.get_text(" ") for t in soup.select("[rel~=author], [itemprop=author]")],
        [t.get_text(" ") for t in soup.select(_BYLINE_SELECTORS) if not _in_boilerplate(t)],
        text_byline(soup, _in_boilerplate),
        dateline_reporters(main_text),
    ]
    for names in sources:
        cleaned = [n for raw in names for n in _split_authors(raw)]
        if cleaned:
            return tuple(dict.fromkeys(cleaned))
    return ()


def _inverted_name(name: str) -> str:
    """ "Swope, Kenneth M." → "Kenneth M. Swope" (scholarly meta tags invert names)."""
    last, sep, first = name.partition(",")
    return f"{first.strip()} {last.strip()}" if sep and first.strip() and "," not in first else name


def _split_authors(raw: str) -> list[str]:
    """Individual names from a byline string, without "By", e-mail addresses or URLs."""
    text = _clean(_EMAIL.sub("", raw)) or ""
    if not text or text.startswith("http"):
        return []
    text = _BYLINE_NOISE.sub("", text).strip()
    # "Last, First" from citation tags was already turned round; commas here separate names.
    names = [_BYLINE_NOISE.sub("", n).strip(" .·|-–—") for n in _AUTHOR_SPLIT.split(text)]
    return [n for n in names if n and len(n) <= 80 and not n.startswith("http")]


def _outlet(
    soup: BeautifulSoup, objects: list[dict[str, Any]], article: dict[str, Any]
) -> str | None:
    site = next(iter(_meta(soup, "og:site_name", "application-name")), None)
    if site:
        return site
    publisher = _names(article.get("publisher"))
    if publisher:
        return publisher[0]
    sites = [n for o in objects if "WebSite" in _ld_types(o) for n in _names(o)]
    return sites[0] if sites else None


def _publisher(soup: BeautifulSoup, article: dict[str, Any]) -> str | None:
    names = _meta(soup, "citation_publisher", "dc.publisher") or _names(article.get("publisher"))
    return names[0] if names else None


def script_language(text: str) -> str | None:
    """The language a text's script implies when most of its letters are CJK or Hangul."""
    sample = text[:5000]
    counts = {
        "ko": len(_HANGUL.findall(sample)),
        "ja": len(_KANA.findall(sample)),
        "zh": len(_HAN.findall(sample)),
        "latin": len(_LATIN.findall(sample)),
    }
    # Japanese mixes kana with Han; any real share of kana means Japanese, not Chinese.
    if counts["ja"] and counts["ja"] * 5 >= counts["zh"]:
        counts["ja"] += counts.pop("zh")
    best = max(counts, key=lambda k: counts[k])
    total = sum(counts.values())
    if best == "latin" or not total or counts[best] * 2 < total:
        return None
    return best


def _language(soup: BeautifulSoup, article: dict[str, Any], main_text: str) -> str | None:
    declared = None
    html = soup.find("html")
    candidates = [html.get("lang") or html.get("xml:lang") if isinstance(html, Tag) else None]
    candidates += _meta(soup, "content-language", "og:locale", "dc.language", "citation_language")
    candidates += [v for v in _meta(soup, "language")]
    candidates.append(article.get("inLanguage"))
    for tag in soup.find_all("meta", attrs={"http-equiv": re.compile("content-language", re.I)}):
        candidates.append(tag.get("content"))
    for raw in candidates:
        text = _clean(raw)
        if text:
            declared = re.split(r"[-_,; ]", text.lower())[0]
            break
    # Templates often declare "en" on pages in other languages; the script is the truth then.
    seen = script_language(main_text)
    return seen if seen and seen != declared else declared or seen


def read_page_meta(soup: BeautifulSoup, main_text: str) -> PageMeta:
    """Title, headline, original publication date, authors, outlet and language of a page."""
    objects = _json_ld_objects(soup)
    article = _ld_article(objects)
    outlet = _outlet(soup, objects, article)
    headline = _headline(soup, article)
    title, site_in_title = _title(soup, outlet)
    if title and headline and not site_in_title:
        title, site_in_title = _split_on_headline(title, headline)
    return PageMeta(
        title=title,
        headline=headline,
        published=_published_from_markup(soup, article) or _published_from_date_element(soup),
        published_updated=_published_from_update_marked(soup),
        authors=_authors(soup, article, main_text),
        outlet=outlet or site_in_title,
        publisher=_publisher(soup, article),
        masthead=masthead(soup),
        language=_language(soup, article, main_text),
    )
