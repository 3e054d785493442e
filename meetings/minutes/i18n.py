"""Every string of the minutes is translated in the "minutes" context, so our catalog (which is in
LOCALE_PATHS and so wins over the apps' catalogs) never changes a word elsewhere on the site."""

from django.utils.translation import pgettext, pgettext_lazy

CONTEXT = "minutes"


def t(message: str) -> str:
    return pgettext(CONTEXT, message)


def t_lazy(message: str):
    return pgettext_lazy(CONTEXT, message)
