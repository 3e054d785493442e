"""Hot words of a meeting: jieba's TF-IDF, fed text by text so the whole meeting is never one string.

The words of official prose that every speech uses (纳入, 会同, 加强, 工作 …) are left out by the curated
list in `stopwords.txt`, so the words that say what this meeting was about rank first.
"""

import logging
import re
from collections import Counter
from pathlib import Path

import jieba
import jieba.analyse

jieba.setLogLevel(logging.WARNING)

HAS_WORD_CHARACTER = re.compile(r"[\u4e00-\u9fff]|[A-Za-z]{3,}")
STOP_LIST = Path(__file__).with_name("stopwords.txt")


def meeting_stop_words() -> frozenset[str]:
    lines = (line.strip() for line in STOP_LIST.read_text(encoding="utf-8").splitlines())
    return frozenset(line for line in lines if line and not line.startswith("#"))


MEETING_STOP_WORDS = meeting_stop_words()


class HotWords:
    """Term counts over many texts, scored with jieba's inverse document frequencies."""

    def __init__(self):
        self.counts: Counter[str] = Counter()
        self.total = 0

    def feed(self, text: str) -> None:
        if not text:
            return
        stop_words = jieba.analyse.default_tfidf.stop_words
        for word in jieba.cut(text, HMM=False):  # the dictionary alone: twice as fast, same hot words
            word = word.strip()
            if len(word) < 2 or word.lower() in stop_words or word in MEETING_STOP_WORDS:
                continue
            if not HAS_WORD_CHARACTER.search(word):
                continue
            self.counts[word] += 1
            self.total += 1

    def top(self, count: int = 30) -> list[tuple[str, float]]:
        """The `count` words with the highest TF-IDF weight, heaviest first (ties by word)."""
        if not self.total:
            return []
        idf = jieba.analyse.default_tfidf.idf_freq
        median = jieba.analyse.default_tfidf.median_idf
        scored = [(word, n * idf.get(word, median) / self.total) for word, n in self.counts.items()]
        scored.sort(key=lambda pair: (-pair[1], pair[0]))
        return scored[:count]
