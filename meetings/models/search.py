import re

from django.conf import settings
from django.db import models
from django.db.models import FloatField, Func, Lookup, TextField
from django.utils.translation import gettext_lazy as _

from .consultation import Consultation
from .post import Visible

# --- querying the words ------------------------------------------------------------------------

def _vector(compiler, connection, column) -> str:
    """The tsvector column beside `words`, under whatever alias the query gave the table."""
    return ".".join(compiler.quote_name_unless_alias(part) for part in (column.alias, "search_vector"))


PLAIN_WORD = re.compile(r"[^\W_]+")  # letters and digits only: PostgreSQL's parser reads it as one token


def tsquery(terms: list[str]) -> tuple[str, list]:
    """SQL for "every one of the terms": a tsquery constant when every term is a plain word, since a
    call to plainto_tsquery is made again for each row a filter tests (walking 22,000 documents by
    date: 20 ms with the call, 12 ms with the constant); plainto_tsquery otherwise, as the index was made."""
    if all(PLAIN_WORD.fullmatch(term) for term in terms):
        return "%s::tsquery", [" & ".join(f"'{term}'" for term in terms)]
    return "plainto_tsquery('simple', %s)", [" ".join(terms)]


class WordsField(TextField):
    """`words`: segmented text; `words__matches=[terms]` keeps documents that have every term."""


@WordsField.register_lookup
class Matches(Lookup):
    lookup_name = "matches"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        if not self.rhs:
            return "1 = 0", []
        escaped = [term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") for term in self.rhs]
        return " AND ".join([f"{lhs} LIKE %s ESCAPE '\\'"] * len(escaped)), [*params, *(f"%{t}%" for t in escaped)]

    def as_postgresql(self, compiler, connection):
        if not self.rhs:
            return "1 = 0", []
        query, params = tsquery(self.rhs)
        return f"{_vector(compiler, connection, self.lhs)} @@ {query}", params


class Rank(Func):
    """How well a document matches the terms: ts_rank on PostgreSQL; 0 elsewhere (newest first then)."""

    output_field = FloatField()

    def __init__(self, terms: list[str]):
        super().__init__("words")
        self.terms = terms

    def as_sql(self, compiler, connection, **extra):
        return "0.0", []

    def as_postgresql(self, compiler, connection, **extra):
        vector = _vector(compiler, connection, self.source_expressions[0])
        query, params = tsquery(self.terms)
        return f"ts_rank({vector}, {query})", params



class DocumentKind(models.TextChoices):
    CONSULTATION = "consultation", _("Consultation")
    SPEECH = "speech", _("Speech")
    COMMENT = "comment", _("Comment on a speech")
    REPLY = "reply", _("Official reply")
    FOLLOW_UP = "follow_up", _("Follow-up")


class SearchQuerySet(Visible):
    def visible_to(self, user):
        """The rules of the pages themselves: the consultation must be one the person may see
        (`Consultation.objects.visible_to`), and the item and its speech shown to them (`Visible`)."""
        rows = super().visible_to(user)
        if user.is_authenticated and user.is_committee_staff:
            return rows
        return rows.filter(post_hidden=False, consultation__in=Consultation.objects.visible_to(user).values("pk"))


class SearchDocument(models.Model):
    """One searchable item (检索索引) with its segmented words and what the visibility rules need.

    `words` holds the text cut by jieba into space-separated words; on PostgreSQL a generated
    `tsvector` column over it with a GIN index (migration 0007) answers the queries.
    """

    kind = models.CharField(max_length=16, choices=DocumentKind.choices)
    object_id = models.PositiveBigIntegerField()
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="+")
    post = models.ForeignKey("meetings.Post", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    subtopic = models.ForeignKey("meetings.SubTopic", on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+")
    author_role = models.CharField(max_length=16, blank=True)
    author_name = models.CharField(max_length=150, blank=True)
    department = models.ForeignKey("departments.Department", on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    disposition = models.CharField(max_length=16, blank=True)
    is_hidden = models.BooleanField(default=False)
    post_hidden = models.BooleanField(default=False, help_text="the speech it belongs to is hidden")
    is_approved = models.BooleanField(default=True)
    created_at = models.DateTimeField(db_index=True)
    title = models.CharField(max_length=200, blank=True)
    body = models.TextField(blank=True, help_text="plain text, for the snippet")
    words = WordsField(blank=True, help_text="segmented words, space-separated")

    objects = SearchQuerySet.as_manager()

    class Meta:
        verbose_name = _("search index entry")
        verbose_name_plural = _("search index entries")
        # the thread of a speech is found through the `post` foreign key's own index
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="one_search_document_per_item")]

    def __str__(self):
        return f"{self.kind}:{self.object_id}"
