"""Topic order, shared by the model, the panel and the briefing.

Its own module, with nothing to import: the window needs it before the tour (and so
the model) is loaded.
"""

from __future__ import annotations

#: Topics the app groups first, in this order; any other word follows them.
PRIMARY_TOPICS: tuple[str, ...] = ("trade", "security")


def topic_sort_key(topic: str) -> tuple[int, str]:
    """Trade and security first, then the rest alphabetically."""
    return (PRIMARY_TOPICS.index(topic), "") if topic in PRIMARY_TOPICS else (len(PRIMARY_TOPICS), topic)
