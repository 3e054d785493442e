"""Every string of the minutes is translated in the "minutes" context, so our catalog (which is in
LOCALE_PATHS and so wins over the apps' catalogs) never changes a word elsewhere on the site."""

from django.utils.translation import npgettext, pgettext, pgettext_lazy

CONTEXT = "minutes"


def t(message: str) -> str:
    return pgettext(CONTEXT, message)


def t_lazy(message: str):
    return pgettext_lazy(CONTEXT, message)


def tn(singular: str, plural: str, number: int) -> str:
    return npgettext(CONTEXT, singular, plural, number)
