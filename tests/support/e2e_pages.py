"""Pages written for the end-to-end tests, modelled on ordinary news-site structure."""

from __future__ import annotations


def article(title: str, outlet: str, date: str, byline: str, paragraphs: list[str]) -> str:
    """A news article page with navigation, a related list and a footer around the story."""
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>{title} | {outlet}</title>
<meta property="og:title" content="{title}">
<meta property="og:site_name" content="{outlet}">
<meta property="article:published_time" content="{date}T08:00:00Z">
<meta name="author" content="{byline}">
<script>window.analytics = {{q: []}};</script>
</head><body>
<header><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/business">Business</a>
<a href="/subscribe">Subscribe</a></nav></header>
<main><article>
<h1>{title}</h1>
<p class="byline">By {byline} · <time datetime="{date}">{date}</time></p>
{body}
</article>
<aside class="related"><h2>Most read</h2><ul>
<li><a href="/a">Ferry timetable changes for the winter season</a></li>
<li><a href="/b">Local school wins robotics contest</a></li></ul></aside>
</main>
<footer><p>© {outlet}. All rights reserved. <a href="/privacy">Privacy</a></p></footer>
</body></html>"""


SUPPORTS = article(
    "Water Summit Ends With a Framework Deal",
    "Riverside Times",
    "2023-05-14",
    "Mara Ellison",
    [
        "Delegates from the three riverside states left the two-day summit on Saturday with a "
        "signed statement of intent after months of difficult talks over seasonal flows.",
        "In their closing declaration, officials promised “a durable framework for sharing the "
        "river’s water” and set up a joint commission to meet every quarter.",
        "The commission will publish its first allocation table before the dry season, according "
        "to the declaration, and will hear complaints from farmers’ associations.",
    ],
)

CHANGED = article(
    "Ministry Welcomes River Plan",
    "Farm Ledger",
    "2023-05-15",
    "Staff reporter",
    [
        "The agriculture ministry on Monday welcomed the river agreement reached at the weekend "
        "summit, saying irrigation schemes in the lower valley stood to gain most.",
        "A ministry spokesperson described the plan as “a bold leap towards shared prosperity” "
        "and said new canal maintenance funds would follow within the year.",
        "Farmers’ groups were more cautious, noting that previous agreements had not survived a "
        "drought year.",
    ],
)

LACKS = article(
    "Opposition Unmoved by Summit",
    "Valley Herald",
    "2023-05-16",
    "Tomas Reyes",
    [
        "The opposition leader said on Tuesday that the summit had produced a statement but no "
        "binding numbers, and that her party would table questions in parliament.",
        "She praised the diplomats for their patience but said farmers needed guarantees rather "
        "than declarations, and urged the government to publish the draft allocation table.",
        "Government officials declined to comment on the opposition’s demands.",
    ],
)

PAYWALL = """<!doctype html><html><head><meta charset="utf-8">
<title>The Trust Deficit on the River | Basin Review</title></head><body>
<header><a href="/">Basin Review</a></header>
<div class="paywall"><h2>Subscribe to continue reading</h2>
<p>This article is for subscribers only. Already a subscriber? <a href="/login">Sign in</a>.</p>
<p>Get unlimited access for $1 a week. <a href="/subscribe">Subscribe now</a></p></div>
</body></html>"""
