"""Chinese full-text search: text is segmented into words before SQLite FTS5 indexes it.

FTS5's unicode61 tokenizer treats a run of Han characters as one token and a trigram index
cannot match two-character words such as 公开 or 复议, so `sections.words` holds the text cut
into words by jieba (search mode: long words also yield their parts), space-separated.
"""
from __future__ import annotations

import logging
import re
from functools import lru_cache

import jieba

jieba.setLogLevel(logging.WARNING)

# jieba cuts each run of these characters on its own (its re_han_default), so a run can be
# cut once and cached: reports repeat the same boilerplate sentences year after year.
RUN = re.compile(r"([\u4E00-\u9FD5a-zA-Z0-9+#&._%\-]+)")
# Inside a run, a number is a word of its own in jieba's cut (its re_skip), so the run is cut
# around its numbers: 「共收到申请358件」 and 「共收到申请17件」 share one cached cut instead of
# missing the cache in every report (the same words; checked on thousands of report sections).
NUMBER = re.compile(r"([A-Za-z0-9]*[0-9][A-Za-z0-9]*(?:\.[0-9]+)?)")
PLAIN_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?")


# A run of RUN's characters, or any other character that is not a space (a word on its own).
TOKEN = re.compile(RUN.pattern + r"|(\S)")


@lru_cache(maxsize=200_000)
def _cut(run: str) -> tuple[str, ...]:
    return tuple(w for w in jieba.cut_for_search(run) if w.strip())


@lru_cache(maxsize=200_000)
def _run_words(run: str) -> tuple[str, ...]:
    """A run's words: cut around its numbers, each number a word (runs repeat from report to
    report, so a run is cut once)."""
    pieces = NUMBER.split(run)
    if len(pieces) == 1:
        return _cut(run)
    words: list[str] = []
    for j, piece in enumerate(pieces):
        if j % 2 and PLAIN_NUMBER.fullmatch(piece):
            words.append(piece)
        elif piece:
            words.extend(_cut(piece))
    return tuple(words)


def segment(text: str) -> str:
    """The text's words, space-separated: every run cut by jieba (search mode), every other
    character that is not a space a word of its own."""
    words: list[str] = []
    extend, append = words.extend, words.append
    for run, char in TOKEN.findall(text or ""):
        if run:
            extend(_run_words(run))
        else:
            append(char)
    return " ".join(words)
