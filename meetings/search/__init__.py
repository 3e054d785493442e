"""Search across a consultation's speeches and comments and the departments' replies and follow-ups.

Composition, like `meetings/minutes`: it reads both `meetings` and `departments` (the filter by
department and disposition). Indexing itself lives below it: `meetings/search_index.py` indexes the
meetings' content and `departments/search.py` the replies, each connected to its own app's saves,
so neither `meetings` core nor this package is imported by the code that writes.
"""
