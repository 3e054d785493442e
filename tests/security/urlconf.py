"""Every URL pattern the project itself serves, read from the URL conf so that a new view cannot escape
the matrix.

Included: every pattern whose view is defined in one of the project's packages, wherever it is mounted,
so the project's own admin views (the consultation's publish/close/archive buttons) are in. Excluded:
views that Django and allauth ship (admin's model pages and login, allauth's sign-in and sign-up pages,
i18n's set_language, the development media server): their access rules are the frameworks' and are
covered by the frameworks' own tests; the project's settings for them are tested in tests/accounts.
"""

from django.urls import URLPattern, URLResolver, get_resolver

PROJECT_PACKAGES = {"accounts", "consultation", "departments", "meetings"}


def _is_ours(pattern: URLPattern) -> bool:
    module = getattr(pattern.callback, "__module__", "") or ""
    return module.split(".", 1)[0] in PROJECT_PACKAGES


def project_patterns() -> dict[str, str]:
    """{'namespace:name': 'route'} for every project pattern (unnamed ones are keyed by their route)."""
    found: dict[str, str] = {}

    def walk(patterns, prefix: str, namespace: str):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                inner = ":".join(part for part in (namespace, pattern.namespace) if part)
                walk(pattern.url_patterns, route, inner)
            elif _is_ours(pattern):
                key = f"{namespace}:{pattern.name}" if namespace and pattern.name else (pattern.name or route)
                found[key] = route

    walk(get_resolver().url_patterns, "", "")
    return found
