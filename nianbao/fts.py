"""Chinese full-text search: text is segmented into words before SQLite FTS5 indexes it.

FTS5's unicode61 tokenizer treats a run of Han characters as one token and a trigram index
cannot match two-character words such as 公开 or 复议, so `sections.words` holds the text cut
into words by jieba (search mode: long words also yield their parts), space-separated.
"""
from __future__ import annotations

import logging

import jieba

jieba.setLogLevel(logging.WARNING)


def segment(text: str) -> str:
    return " ".join(w for w in jieba.cut_for_search(text or "") if w.strip())
