"""The quotation and detail gate against named mutants of the code it guards.

Each mutant replaces one rule with the weaker rule it was written to replace (or with
nothing) through monkeypatch, and the whole gate (`gate_quotes.failures`, the same verdict
`test_gate_quotes.py` enforces) runs on it: a mutant the gate passes would mean the gate
cannot tell the rule from its absence.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest

from briefcheck import checks
from briefcheck.match import align, details, elisions, meaning, normalise, quotes
from briefcheck.models import Match, SourceText, Verdict, Where
from briefcheck.parse import source as parse_source
from briefcheck.parse.regions import WHERE_ATTR
from tests.support import gate
from tests.support import gate_quotes as gq

Mutant = Callable[[pytest.MonkeyPatch], None]


def _drop_ellipsis_check(mp: pytest.MonkeyPatch) -> None:
    mp.setattr(quotes, "ellipsis_problem", lambda text, kept, gaps: None)


def _brackets_match_anything(mp: pytest.MonkeyPatch) -> None:
    mp.setattr(quotes, "bracket_problem", lambda replaced, bracket: None)


def _ignore_symbols(mp: pytest.MonkeyPatch) -> None:
    """Tokens are words and numbers only, as before: $ € % ° ± < > and signs vanish."""
    cjk = normalise._CJK
    old = re.compile(rf"\d+(?:[.,]\d+)+|[{cjk}]|[^\W_{cjk}]+(?:'[^\W_{cjk}]+)*")
    mp.setattr(normalise, "TOKEN_RE", old)


def _meaning_is_a_fixed_negation_list(mp: pytest.MonkeyPatch) -> None:
    """Only the negation words of a fixed list count (the ellipsis check this replaced)."""
    negation = meaning.Meaning.NEGATION

    def negations_only(classes: dict[meaning.Meaning, object]) -> dict[meaning.Meaning, object]:
        empty = classes[negation].__class__()  # type: ignore[attr-defined]
        return {kind: words if kind is negation else empty for kind, words in classes.items()}

    mp.setattr(meaning, "_WORDS", negations_only(meaning._WORDS))  # type: ignore[arg-type]
    mp.setattr(meaning, "_STEMS", {})
    mp.setattr(meaning, "_NEGATED_ADJECTIVE", re.compile(r"(?!)"))
    mp.setattr(meaning, "_CJK_CLASSES", negations_only(meaning._CJK_CLASSES))  # type: ignore[arg-type]
    mp.setattr(meaning, "_HANGUL_CLASSES", negations_only(meaning._HANGUL_CLASSES))  # type: ignore[arg-type]


def _author_anywhere_in_the_text(mp: pytest.MonkeyPatch) -> None:
    byline_only = details.check_author

    def anywhere(author: str, source: SourceText) -> Match:
        found = details._in_text(author, source)
        if found is not None:
            return Match(
                verdict=Verdict.VERIFIED,
                score=1.0,
                reason="author named in the text",
                evidence=found,
            )
        return byline_only(author, source)

    mp.setattr(details, "check_author", anywhere)


_NOISE = frozenset({"the", "news", "agency", "daily", "online", "com", "www"})


def _outlet_words(name: str) -> list[str]:
    return [w for w in details._words(name) if w not in _NOISE]


def _contains(longer: list[str], shorter: list[str]) -> bool:
    n = len(shorter)
    return n > 0 and any(longer[i : i + n] == shorter for i in range(len(longer) - n + 1))


def _outlet_by_shared_word(mp: pytest.MonkeyPatch) -> None:
    """Names match when one's words, common ones dropped, stand in the other's."""

    def shared(cited: str, name: str) -> bool:
        want, have = _outlet_words(cited), _outlet_words(name)
        return want == have or _contains(have, want) or _contains(want, have)

    mp.setattr(details, "same_outlet", shared)


def _outlet_by_host_substring(mp: pytest.MonkeyPatch) -> None:
    def substring(cited: str, host: str) -> bool:
        want = "".join(_outlet_words(cited))
        return bool(want) and want in host.replace("-", "")

    mp.setattr(details, "host_names", substring)


def _whole_page_is_the_article(mp: pytest.MonkeyPatch) -> None:
    mp.setattr(parse_source, "mark_regions", lambda tree: None)


# The class and id words the article used to be told from furniture by.
_OLD_BOILERPLATE = re.compile(
    r"(?:^|[\s_-])(?:cookies?|consent|gdpr|related|recommend(?:ed|ations?)?|popular|trending"
    r"|most[-_]?(?:read|viewed|popular|shared)|comments?|disqus|newsletter|subscribe|share"
    r"|sharing|social|breadcrumbs?|sidebar|advert(?:isement)?|ads?|promo|nav|navbar|menu"
    r"|footer|copyright|hot[-_]?news|rank(?:ing)?)(?:$|[\s_-])",
    re.IGNORECASE,
)


def _article_by_class_words(mp: pytest.MonkeyPatch) -> None:
    """The pruning this replaced: tags, roles and class words, no structure."""

    def by_names(tree: object) -> None:
        for el in tree.iter():  # type: ignore[attr-defined]
            if not isinstance(el.tag, str):
                continue
            names = f"{el.get('class') or ''} {el.get('id') or ''}"
            named = el.tag in {"nav", "aside", "footer"} or _OLD_BOILERPLATE.search(names)
            if named and not any(h.tag == "h1" for h in el.iter()):
                el.set(WHERE_ATTR, Where.SIDEBAR.value)

    mp.setattr(parse_source, "mark_regions", by_names)


def _listing_relation_ignored(mp: pytest.MonkeyPatch) -> None:
    mp.setattr(checks, "_listing_quote", lambda planned, work: None)


def _relation_not_on_the_check(mp: pytest.MonkeyPatch) -> None:
    stated = checks._to_check
    mp.setattr(checks, "_to_check", lambda p, m, relation=None: stated(p, m, None))


def _short_quotes_without_a_near_passage(mp: pytest.MonkeyPatch) -> None:
    mp.setattr(quotes, "one_word_apart", lambda words, source: None)


# name → (mutant, whether it changes how pages are read)
MUTANTS: dict[str, tuple[Mutant, bool]] = {
    "drop the ellipsis check": (_drop_ellipsis_check, False),
    "brackets match anything": (_brackets_match_anything, False),
    "ignore symbols": (_ignore_symbols, False),
    "meaning words are a fixed negation list": (_meaning_is_a_fixed_negation_list, False),
    "author anywhere in the text": (_author_anywhere_in_the_text, False),
    "outlet by shared word": (_outlet_by_shared_word, False),
    "outlet by hostname substring": (_outlet_by_host_substring, False),
    "whole page is the article (no block filtering)": (_whole_page_is_the_article, True),
    "article by class words (the old pruning)": (_article_by_class_words, True),
    "listing relation ignored": (_listing_relation_ignored, False),
    "relation not stated on the check": (_relation_not_on_the_check, False),
    "short quotations without a near passage": (_short_quotes_without_a_near_passage, False),
}


def _clear_caches(*, pages: bool) -> None:
    """Forget what was computed with the code as it was: prepared texts, meanings, pages."""
    align.prepare.cache_clear()
    normalise.normalise_cached.cache_clear()
    meaning.meanings.cache_clear()
    if pages:
        gate.source_text.cache_clear()


@pytest.fixture
def mutated(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str], list[str]]]:
    """Apply a named mutant and return the gate's failures under it; undone afterwards."""
    reparse = False

    def run(name: str) -> list[str]:
        nonlocal reparse
        mutant, reparse = MUTANTS[name]
        mutant(monkeypatch)
        _clear_caches(pages=reparse)
        return gq.failures(gate.run_all(gq.cases()))

    yield run
    monkeypatch.undo()
    _clear_caches(pages=reparse)


def test_the_real_matcher_passes_the_gate() -> None:
    """The mutants are measured against a gate the real code passes."""
    assert gq.failures(gate.run_all(gq.cases())) == []


@pytest.mark.parametrize("name", list(MUTANTS))
def test_the_gate_kills_the_mutant(mutated: Callable[[str], list[str]], name: str) -> None:
    failures = mutated(name)
    assert failures, f"the gate cannot tell {name!r} from the real matcher"


def test_the_mutants_include_the_named_ones() -> None:
    required = {
        "drop the ellipsis check",
        "brackets match anything",
        "ignore symbols",
        "author anywhere in the text",
        "outlet by shared word",
        "whole page is the article (no block filtering)",
        "listing relation ignored",
    }
    assert required <= set(MUTANTS)
    assert elisions.ellipsis_problem is quotes.ellipsis_problem
