"""Hot words of a meeting: jieba's TF-IDF, fed text by text so the whole meeting is never one string.

The text is cut by rjieba (jieba's dictionary and algorithm in Rust, about 25 times faster: jieba's cut
was a third of compiling the minutes); the weights are jieba's inverse document frequencies, read from
jieba's own table (not through `jieba.analyse`, whose import builds its part-of-speech models: 3 s).
The words of official prose that every speech uses (纳入, 会同, 加强, 工作 …) are left out by the curated
list in `stopwords.txt`, so the words that say what this meeting was about rank first.
"""

import re
from collections import Counter
from functools import cache
from importlib.resources import files

import rjieba

HAS_WORD_CHARACTER = re.compile(r"[\u4e00-\u9fff]|[A-Za-z]{3,}")
STOP_LIST = files(__package__) / "stopwords.txt"
IDF_TABLE = files("jieba") / "analyse" / "idf.txt"


def meeting_stop_words() -> frozenset[str]:
    lines = (line.strip() for line in STOP_LIST.read_text(encoding="utf-8").splitlines())
    return frozenset(line.lower() for line in lines if line and not line.startswith("#"))


MEETING_STOP_WORDS = meeting_stop_words()


@cache
def inverse_document_frequencies() -> tuple[dict[str, float], float]:
    """jieba's IDF of each word, and the median IDF it gives a word not in its table."""
    idf = {}
    for line in IDF_TABLE.read_text(encoding="utf-8").splitlines():
        word, _space, weight = line.strip().partition(" ")
        idf[word] = float(weight)
    return idf, sorted(idf.values())[len(idf) // 2]


class HotWords:
    """Term counts over many texts, scored with jieba's inverse document frequencies."""

    def __init__(self):
        self.counts: Counter[str] = Counter()
        self.total = 0

    def feed(self, text: str) -> None:
        if not text:
            return
        words = [word for word in map(str.strip, rjieba.cut(text, hmm=False))  # the dictionary alone: faster,
                 if len(word) > 1 and word.lower() not in MEETING_STOP_WORDS   # the same hot words
                 and HAS_WORD_CHARACTER.search(word)]
        self.counts.update(words)
        self.total += len(words)

    def top(self, count: int = 30) -> list[tuple[str, float]]:
        """The `count` words with the highest TF-IDF weight, heaviest first (ties by word)."""
        if not self.total:
            return []
        idf, median = inverse_document_frequencies()
        scored = [(word, n * idf.get(word, median) / self.total) for word, n in self.counts.items()]
        scored.sort(key=lambda pair: (-pair[1], pair[0]))
        return scored[:count]
