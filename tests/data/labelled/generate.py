"""Write cases.yaml: labelled variants of every seed quotation and dated fact in passages.yaml.

Run from the repository root: `.venv/bin/python tests/data/labelled/generate.py`. Each
variant's expected verdict follows from how it was made (a changed word cannot be verified;
curly quotes must be), never from running the matcher. Variants are deterministic.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from briefcheck.extractors.dates import find_dates
from briefcheck.match.diffs import is_negation, spelling_variant
from briefcheck.models import DateMention
from briefcheck.parse.dates import find_source_dates

HERE = Path(__file__).parent
_AUXILIARIES = ("will", "would", "shall", "must", "has", "have", "had", "was", "were", "is", "are")
_REPLACEMENTS = ("limited", "public", "rapid", "formal", "regional", "cautious", "broader")
_BRITISH = (("isation", "ization"), ("our", "or"), ("ence", "ense"), ("programme", "program"))
_ZH_REPLACEMENTS = "国民政合发展"
_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def _case(case_id: str, kind: str, source: str, expected: str, variant: str, **fields: Any) -> dict:
    return {
        "id": case_id,
        "kind": kind,
        "source": source,
        "expected": expected,
        "variant": variant,
        **fields,
    }


def _middle_word(words: list[str]) -> int:
    """Index of the longest alphabetic word away from the edges (ties: the first)."""
    inner = range(1, len(words) - 1) if len(words) > 2 else range(len(words))
    return max(inner, key=lambda k: (words[k].strip(",.").isalpha() * len(words[k]), -k))


def english_quote_variants(quote: str, seed: int, other_quote: str) -> list[tuple[str, str, str]]:
    """(variant, quotation, expected) for one English seed quotation."""
    words = quote.split()
    out = [
        ("exact", quote, "verified"),
        ("curly-quotes", "“" + quote.replace("'", "’") + "”", "verified"),
        ("straight-quotes", "'" + quote.replace("’", "'") + "'", "verified"),
        ("case", quote.upper() if seed % 2 else quote.lower(), "verified"),
        (
            "line-break",
            " ".join(words[: len(words) // 2]) + "\n" + " ".join(words[len(words) // 2 :]),
            "verified",
        ),
        ("other-source", other_quote, "not_found"),
    ]
    if len(words) < 4:
        return out
    k = _middle_word(words)
    bare = words[k].strip(",.")
    replacement = next(r for r in _REPLACEMENTS[seed % 3 :] if r != bare.lower())
    out.append(
        (
            "word-changed",
            " ".join([*words[:k], words[k].replace(bare, replacement), *words[k + 1 :]]),
            "mismatch",
        )
    )
    out.append(("word-added", " ".join([*words[:k], "also", *words[k:]]), "mismatch"))
    if len(words) >= 6:
        out.append(("word-dropped", " ".join(words[:k] + words[k + 1 :]), "mismatch"))
    j = next(
        (i for i in range(1, len(words) - 1) if words[i].lower() != words[i + 1].lower()), None
    )
    if j is not None:
        swapped = [*words[:j], words[j + 1], words[j], *words[j + 2 :]]
        out.append(("words-reordered", " ".join(swapped), "mismatch"))
    aux = next((i for i, w in enumerate(words) if w.lower() in _AUXILIARIES), None)
    if aux is not None:
        out.append(
            (
                "negation-inserted",
                " ".join([*words[: aux + 1], "not", *words[aux + 1 :]]),
                "mismatch",
            )
        )
    neg = next((i for i, w in enumerate(words) if is_negation(w.lower().strip(","))), None)
    if neg is not None and 0 < neg < len(words) - 1:
        out.append(("negation-dropped", " ".join(words[:neg] + words[neg + 1 :]), "mismatch"))
    number = re.search(r"\d+", quote)
    if number:
        changed = str(int(number.group()) + 1)
        out.append(
            (
                "number-changed",
                quote[: number.start()] + changed + quote[number.end() :],
                "mismatch",
            )
        )
    for british, american in _BRITISH:
        spelled = [w.replace(british, american) if len(w) > 5 else w for w in words]
        if any(spelling_variant(a.lower(), b.lower()) for a, b in zip(words, spelled, strict=True)):
            out.append(("spelling-americanised", " ".join(spelled), "mismatch"))
            break
    if len(words) >= 8:
        marks = ("…", "...", ". . .")[seed % 3]
        skipped = words[3:-3]
        expected = (
            "mismatch" if any(is_negation(w.lower().strip(",")) for w in skipped) else "verified"
        )
        name = "ellipsis-drops-negation" if expected == "mismatch" else "ellipsis"
        out.append((name, " ".join(words[:3]) + f" {marks} " + " ".join(words[-3:]), expected))
    if len(words) >= 5:
        out.append(
            ("bracket-insertion", " ".join([*words[:1], "[the said]", *words[2:]]), "verified")
        )
        out.append(("bracket-sic", " ".join([*words[:-1], "[sic]", words[-1]]), "verified"))
    return out


def chinese_quote_variants(quote: str, seed: int, other_quote: str) -> list[tuple[str, str, str]]:
    """(variant, quotation, expected) for one Chinese seed quotation (tokens are characters)."""
    k = len(quote) // 2
    replacement = next(c for c in _ZH_REPLACEMENTS[seed % 3 :] if c != quote[k])
    out = [
        ("exact", quote, "verified"),
        ("curly-quotes", "“" + quote + "”", "verified"),
        ("corner-quotes", "「" + quote + "」", "verified"),
        ("char-changed", quote[:k] + replacement + quote[k + 1 :], "mismatch"),
        ("char-dropped", quote[:k] + quote[k + 1 :], "mismatch"),
        ("negation-inserted", quote[:k] + "不" + quote[k:], "mismatch"),
        ("other-source", other_quote, "not_found"),
    ]
    if quote[k] != quote[k + 1]:
        out.append(
            ("chars-reordered", quote[:k] + quote[k + 1] + quote[k] + quote[k + 2 :], "mismatch")
        )
    if len(quote) >= 12:
        dropped = quote[4:-4]
        name, expected = (
            ("ellipsis-drops-negation", "mismatch")
            if any(is_negation(c) for c in dropped)
            else ("ellipsis", "verified")
        )
        out.append((name, quote[:4] + "……" + quote[-4:], expected))
    return out


def claimed_date(claim: str, date_text: str) -> DateMention:
    """The date mention the brief's extractor finds in the claim for `date_text`."""
    found = [m for m in find_dates(claim) if m.text == date_text]
    if len(found) != 1:
        raise ValueError(f"{date_text!r} is not one date mention of {claim!r}")
    return found[0]


def _date_text(value: str, precision: str, style: int = 0) -> str:
    parts = [int(p) for p in value.split("-")]
    if precision == "year":
        return str(parts[0])
    month = _MONTHS[parts[1] - 1]
    if precision == "month":
        return f"{month} {parts[0]}"
    return f"{month} {parts[2]}, {parts[0]}" if style else f"{parts[2]} {month} {parts[0]}"


def _moved(value: str, field: int) -> str:
    """The date one unit later in year (0), month (1) or day (2), staying a valid date."""
    parts = [int(p) for p in value.split("-")]
    if field == 2:
        parts[2] = parts[2] + 1 if parts[2] < 28 else parts[2] - 1
    elif field == 1:
        parts[1] = parts[1] + 1 if parts[1] < 12 else parts[1] - 1
    else:
        parts[0] += 1
    return "-".join(f"{p:02d}" if i else str(p) for i, p in enumerate(parts))


def date_variants(claim: str, date_text: str, stated: set[str]) -> list[tuple[str, str, str, str]]:
    """(variant, claim sentence, date phrase, expected) for one dated fact.

    `stated` holds every date value the source states: a moved date that the source states
    for another event is left out, as its expected verdict would depend on the passage.
    """
    mention = claimed_date(claim, date_text)
    value, precision = mention.value, mention.precision.value
    out = [("as-claimed", claim, date_text, "verified")]

    def restate(new_text: str) -> str:
        # "on 4 September" but "in September", "in 2025": a day's preposition goes with it.
        if (new_text[:1].isdigit() and new_text.count(" ") == 2) or "," in new_text:
            return claim.replace(date_text, new_text)
        for on, in_ in (("on", "in"), ("On", "In")):
            claim_in = claim.replace(f"{on} {date_text}", f"{in_} {new_text}")
            if claim_in != claim:
                return claim_in
        return claim.replace(date_text, new_text)

    if precision == "day":
        us = _date_text(value, "day", style=1)
        out.append(("us-notation", restate(us), us, "verified"))
    coarser = {"day": ["month", "year"], "month": ["year"], "year": []}[precision]
    for level in coarser:
        text = _date_text(value, level)
        out.append((f"coarser-{level}", restate(text), text, "verified"))
    fields = {"day": (2, 1, 0), "month": (1, 0), "year": (0,)}[precision]
    names = {0: "moved-year", 1: "moved-month", 2: "moved-day"}
    for field in fields:
        moved = _moved(value if precision != "month" else value + "-01", field)[: len(value)]
        if any(s.startswith(moved) or moved.startswith(s) for s in stated if len(s) >= 4):
            continue
        text = _date_text(moved, precision)
        out.append((names[field], restate(text), text, "mismatch"))
    if precision == "month":
        finer = _date_text(value + "-15", "day")
        finer_claim = claim.replace(f"in {date_text}", f"on {finer}")
        if finer_claim == claim:
            finer_claim = claim.replace(date_text, finer)
        # A source giving only the month cannot verify a day; one giving another day differs.
        days = [s for s in stated if len(s) == 10 and s.startswith(value)]
        expected = "mismatch" if days and value + "-15" not in days else "not_found"
        out.append(("finer-than-source", finer_claim, finer, expected))
    for _, sentence, text, _ in out:
        claimed_date(sentence, text)  # every claim must state its date as the extractor reads it
    return out


def generate() -> list[dict]:
    seeds = yaml.safe_load((HERE / "passages.yaml").read_text(encoding="utf-8"))
    sources = seeds["sources"]
    names = list(sources)
    cases: list[dict] = []
    for index, (name, src) in enumerate(sources.items()):
        same_lang = [n for n in names if sources[n]["lang"] == src["lang"] and n != name]
        other = sources[same_lang[index % len(same_lang)]]["quotes"]
        for q, quote in enumerate(src["quotes"]):
            maker = chinese_quote_variants if src["lang"] == "zh" else english_quote_variants
            for variant, text, expected in maker(quote, index + q, other[q % len(other)]):
                cases.append(
                    _case(
                        f"{name}/q{q}/{variant}",
                        "quote",
                        name,
                        expected,
                        variant,
                        lang=src["lang"],
                        quote=text,
                    )
                )
        stated = {d.value for d in find_source_dates(src["text"], base_year=src["year"])}
        for f, fact in enumerate(src["facts"]):
            for variant, claim, date, expected in date_variants(
                fact["claim"], str(fact["date"]), stated
            ):
                cases.append(
                    _case(
                        f"{name}/d{f}/{variant}",
                        "date",
                        name,
                        expected,
                        variant,
                        lang=src["lang"],
                        claim=claim,
                        date=date,
                    )
                )
    for k, case in enumerate(seeds["hard"]):
        fields = {
            key: val
            for key, val in case.items()
            if key not in ("source", "kind", "expected", "variant")
        }
        lang = sources[case["source"]]["lang"]
        cases.append(
            _case(
                f"{case['source']}/h{k}/{case['variant']}",
                case["kind"],
                case["source"],
                case["expected"],
                case["variant"],
                lang=lang,
                **fields,
            )
        )
    for name, page in seeds["pages"].items():
        for k, case in enumerate(page["cases"]):
            fields = {
                key: val for key, val in case.items() if key not in ("kind", "expected", "variant")
            }
            cases.append(
                _case(
                    f"{name}/p{k}/{case['variant']}",
                    case["kind"],
                    name,
                    case["expected"],
                    case["variant"],
                    lang="en",
                    page=True,
                    **fields,
                )
            )
    return cases


def main() -> None:
    cases = generate()
    header = (
        "# Generated by generate.py from passages.yaml: do not edit by hand; edit the seeds.\n"
        f"# {len(cases)} cases. expected: verified | mismatch | not_found.\n"
    )
    body = yaml.safe_dump({"cases": cases}, allow_unicode=True, sort_keys=False, width=100)
    (HERE / "cases.yaml").write_text(header + body, encoding="utf-8")
    print(f"wrote {len(cases)} cases")


if __name__ == "__main__":
    main()
