"""SMS templates as the providers approved them: the template id, and which of the project's fields fills
each variable, with the variable's kind and length limit.

Configured per provider in `NOTIFY_PROVIDERS[...]["templates"]`: a "default" template and optionally one
per trigger (e.g. "invitation"). Each variable is written `[variable=]field:kind[:limit]`; Tencent's
variables are positional ({1}, {2}, …) so their names are their positions. `problems()` is what
`manage.py check` reports; `render()` is what the transports send.
"""

import re
from dataclasses import dataclass

from .fitting import FIELDS, TIME_FIELDS, fit, message_fields

# Kinds each provider offers for notification templates, and each kind's longest value.
# Tencent: text variables are limited per account (12 characters, 6 for accounts opened since
# 2024-01-25; the console says which), links are never allowed in a variable.
# Alibaba: a variable's "property" is chosen when the template is filed; a link-parameter variable
# only in a template approved with one.
KIND_LIMITS = {
    "tencent": {"text": None, "number": None, "time": None},
    "aliyun": {"name": 12, "number": 35, "time": 35, "others": 35, "link": 35},
}
# Which fields can fill which kind (a number kind fits none of the project's fields).
KIND_FIELDS = {
    "text": set(FIELDS) - {"code", "sign_in_code"}, "others": set(FIELDS) - {"code", "sign_in_code"},
    "name": {"name", "organizer"}, "time": TIME_FIELDS, "number": {"sign_in_code"}, "link": {"code"},
}
ALIYUN_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,24}$")
ALIYUN_RESERVED = {"email", "mobile", "id", "nick", "site"}
ITEM = re.compile(r"^(?:(?P<name>[^=:\s]+)=)?(?P<field>[a-z_]+)(?::(?P<kind>[a-z_]+))?(?::(?P<limit>\d+))?$")
MAX_VARIABLES = 10


@dataclass(frozen=True)
class Variable:
    name: str
    field: str
    kind: str
    limit: int | None


def kind_limits(provider: str, config: dict) -> dict:
    limits = dict(KIND_LIMITS[provider])
    if provider == "tencent":
        length = int(config.get("text_length") or 12)
        limits.update(text=length, number=length)
    return limits


def parse(provider: str, items) -> list[Variable]:
    """The variables of one template; ValueError naming the first item that cannot be read."""
    default_kind = "text" if provider == "tencent" else "others"
    variables = []
    for position, item in enumerate(items, start=1):
        match = ITEM.match(str(item).strip())
        if not match:
            raise ValueError(f"cannot read variable {item!r}; write [variable=]field:kind[:limit]")
        name = match["name"] or (str(position) if provider == "tencent" else match["field"])
        limit = int(match["limit"]) if match["limit"] else None
        variables.append(Variable(name, match["field"], match["kind"] or default_kind, limit))
    return variables


def templates(config: dict) -> dict:
    return {purpose: t for purpose, t in (config.get("templates") or {}).items() if t is not None}


def problems(provider: str, config: dict) -> list[str]:
    """Everything wrong with a provider's template configuration, each naming the template and variable."""
    found = []
    limits = kind_limits(provider, config)
    configured = templates(config)
    if not configured.get("default"):
        return ["no default template configured"]
    for purpose, template in configured.items():
        where = f"template {purpose!r}"
        if not template.get("id"):
            if purpose == "default":
                found.append(f"{where} has no template id")
            continue  # an unset optional template falls back to the default
        try:
            variables = parse(provider, template.get("variables") or [])
        except ValueError as error:
            found.append(f"{where}: {error}")
            continue
        if len(variables) > MAX_VARIABLES:
            found.append(f"{where} has {len(variables)} variables; at most {MAX_VARIABLES}")
        names = [v.name for v in variables]
        if len(set(names)) != len(names):
            found.append(f"{where} names a variable twice")
        if provider == "tencent" and names != [str(n) for n in range(1, len(names) + 1)]:
            found.append(f"{where}: Tencent variables are positional {{1}}…{{{len(names)}}}; got {names}")
        for v in variables:
            found += variable_problems(provider, config, where, v, limits)
    return found


def sign_in_code_problem(provider: str, config: dict) -> str | None:
    """Members sign in with a code by SMS: that needs its own verification-code template carrying the code."""
    template = templates(config).get("sign_in_code") or {}
    if not template.get("id"):
        return "template 'sign_in_code' has no template id (a verification-code template for signing in by SMS)"
    try:
        variables = parse(provider, template.get("variables") or [])
    except ValueError:
        return None  # problems() names it
    if not any(v.field == "sign_in_code" for v in variables):
        return "template 'sign_in_code' has no variable for the code (sign_in_code:number)"
    return None


def variable_problems(provider, config, where, v: Variable, limits) -> list[str]:
    label = f"{where} variable {v.name!r}"
    if provider == "aliyun" and (not ALIYUN_NAME.match(v.name) or v.name.lower() in ALIYUN_RESERVED):
        return [f"{label}: Alibaba variable names start with a letter, use letters, digits and _ (≤ 25) "
                f"and are not email, mobile, id, nick or site"]
    if v.field not in FIELDS:
        return [f"{label}: unknown field {v.field!r}; known: {', '.join(FIELDS)}"]
    if v.kind == "link" and provider == "tencent":
        return [f"{label}: Tencent Cloud refuses links in variables; put the site's address in the template text"]
    if v.kind not in limits:
        return [f"{label}: unknown kind {v.kind!r}; {provider} offers {', '.join(limits)}"]
    if v.kind == "link" and not config.get("link_approved"):
        return [f"{label}: a link variable needs a template approved with one (set ALIYUN_SMS_LINK_APPROVED=1 "
                f"once the console shows it approved)"]
    if v.field not in KIND_FIELDS[v.kind]:
        return [f"{label}: field {v.field!r} cannot fill a {v.kind} variable"]
    maximum = limits[v.kind]
    if v.limit is not None and (v.limit < 1 or (maximum and v.limit > maximum)):
        return [f"{label}: limit {v.limit} is outside 1…{maximum} for a {v.kind} variable"]
    return []


def chosen(provider: str, config: dict, trigger: str) -> tuple[str, list[Variable]]:
    """The template for this trigger (its own, else the default): id and variables."""
    configured = templates(config)
    template = configured.get(trigger) if (configured.get(trigger) or {}).get("id") else configured.get("default")
    template = template or {}
    return template.get("id", ""), parse(provider, template.get("variables") or [])


def render(provider: str, config: dict, notification) -> tuple[str, list[tuple[str, str]]]:
    """Template id and (variable, fitted value) pairs for one notification."""
    template_id, variables = chosen(provider, config, notification.trigger)
    limits = kind_limits(provider, config)
    fields = message_fields(notification)
    values = []
    for v in variables:
        limit = v.limit or limits.get(v.kind)
        values.append((v.name, fit(fields.get(v.field, ""), v.kind, limit)))
    return template_id, values
