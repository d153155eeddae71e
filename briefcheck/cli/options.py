"""Options the verifying commands share, and every check that can run before a run starts."""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

from briefcheck import pipeline, settings
from briefcheck.errors import BriefcheckError
from briefcheck.extractors.formats import BRIEF_FORMATS
from briefcheck.match.judge import check_judge
from briefcheck.report.waivers import load_reviews
from briefcheck.resolve import load_sources, sources_file_for

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL, EXIT_INTERRUPTED = 0, 1, 2, 3, 130
EXIT_TERMINATED = 143  # 128 + SIGTERM, as a shell reports a process the signal killed


def non_negative(value: str) -> float:
    """An argparse type: seconds, zero or more."""
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected seconds, got {value!r}") from None
    if not number >= 0 or number == float("inf"):
        raise argparse.ArgumentTypeError(f"expected seconds ≥ 0, got {value}")
    return number


def positive(value: str) -> float:
    """An argparse type: seconds, more than zero."""
    number = non_negative(value)
    if number == 0:
        raise argparse.ArgumentTypeError(f"expected seconds > 0, got {value}")
    return number


def at_least_one(value: str) -> int:
    """An argparse type: a count of one or more."""
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected at least 1, got {value}")
    return number


_DASK_SCHEMES = ("tcp", "tls", "inproc", "ucx", "ws", "wss")


def dask_address(value: str) -> str:
    """An argparse type: `local`, or a Dask scheduler's address (`tcp://10.0.0.5:8786`,
    `10.0.0.5:8786`), with the `dask` extra installed."""
    import importlib.util

    if importlib.util.find_spec("prefect_dask") is None:
        raise argparse.ArgumentTypeError("needs the dask extra: pip install 'briefcheck[dask]'")
    if value == "local":
        return value
    scheme, sep, rest = value.partition("://")
    if not sep:
        scheme, rest = "tcp", value
    host, colon, port = rest.rpartition(":")
    if scheme not in _DASK_SCHEMES or not colon or not host or not port.isdigit():
        raise argparse.ArgumentTypeError(
            f"expected `local` or a scheduler address such as tcp://10.0.0.5:8786, got {value!r}"
        )
    return value


def add_run_options(
    p: argparse.ArgumentParser, *, sources: bool = True, prefect: bool = True
) -> None:
    """The options every verifying command (verify, watch, schedule, verify-many) shares."""
    if sources:
        p.add_argument("--sources", metavar="FILE", help="sources file (default: beside the brief)")
    p.add_argument(
        "--out",
        metavar="DIR",
        default=str(settings.DEFAULT_REPORTS_DIR),
        help="where runs are written (default: %(default)s)",
    )
    p.add_argument(
        "--cache",
        metavar="DIR",
        default=str(settings.DEFAULT_CACHE_DIR),
        help="snapshot cache (default: %(default)s)",
    )
    p.add_argument(
        "--allow-private-hosts",
        action="store_true",
        help="allow URLs on loopback/private addresses (tests, intranet sources)",
    )
    p.add_argument(
        "--judge",
        metavar="PATH",
        help="a local entailment (NLI) model folder that may verify support checks "
        "(needs briefcheck[judge]; nothing is downloaded)",
    )
    if prefect:
        p.add_argument("--verbose", action="store_true", help="show Prefect's own logging")


def writable_folder(path: Path, option: str) -> None:
    """Raise unless `path` is a folder we can write in, or one the run can make there.

    Nothing is created: a run stopped by a later check leaves no empty folders behind.
    """
    if path.exists() and not path.is_dir():
        raise BriefcheckError(f"{option} {path}: is a file, expected a folder")
    nearest = next(p for p in (path, *path.parents) if p.exists())
    if not nearest.is_dir():
        raise BriefcheckError(f"{option} {path}: not a writable folder ({nearest} is a file)")
    try:
        with tempfile.TemporaryFile(dir=nearest):
            pass
    except OSError as err:
        reason = err.strerror or type(err).__name__
        raise BriefcheckError(f"{option} {path}: not a writable folder ({reason})") from None


def readable_file(path: Path, what: str) -> None:
    """Raise unless `path` is a file we can read."""
    if not path.exists():
        raise BriefcheckError(f"{path}: no such file (expected {what})")
    if path.is_dir():
        raise BriefcheckError(f"{path}: is a folder (expected {what})")
    if not os.access(path, os.R_OK):
        raise BriefcheckError(f"{path}: not readable (expected {what})")


def verify_options(args: argparse.Namespace, brief: Path | None = None) -> pipeline.VerifyOptions:
    """VerifyOptions from a verifying command's arguments (not yet validated)."""
    given = getattr(args, "brief", None)
    brief = brief or (Path(given) if given else settings.BUNDLED_BRIEF)
    sources = getattr(args, "sources", None)
    reviews = getattr(args, "reviews", None)
    return pipeline.VerifyOptions(
        brief=brief,
        sources=Path(sources) if sources else None,
        out=Path(args.out),
        cache=Path(args.cache),
        offline=getattr(args, "offline", False),
        allow_private_hosts=args.allow_private_hosts,
        reviews=Path(reviews) if reviews else None,
        max_age=getattr(args, "max_age", None),
        judge=Path(args.judge) if getattr(args, "judge", None) else None,
    )


def validate_run(
    opts: pipeline.VerifyOptions, *, brief_files: bool = True, extract: bool = True
) -> None:
    """Everything that can be checked before a run, so bad input fails in well under a second.

    The reports and cache folders are writable, the sources and reviews files parse and
    validate, the brief exists and, with `extract`, extracts: last, as extraction loads spaCy
    (the run reuses it). Raises BriefcheckError with one line naming the file or option.
    """
    writable_folder(opts.out, "--out")
    writable_folder(opts.cache, "--cache")
    if brief_files:
        readable_file(opts.brief, f"a brief: {BRIEF_FORMATS}")
    if opts.sources is not None:
        readable_file(opts.sources, "a sources.yaml")
    sources = sources_file_for(opts.brief, opts.sources)
    if sources is not None:
        load_sources(sources)
    reviews = pipeline.reviews_file(opts)
    if reviews.exists():
        load_reviews(reviews)  # a broken reviews file stops the run before any fetch
    if opts.judge is not None:
        check_judge(opts.judge)
    if brief_files and extract:
        pipeline.load_brief(opts.brief)
