"""Text a person wrote, made safe for a spreadsheet cell: the one helper every XLSX and CSV writer uses
(the minutes' responses table, the follow-up tracker, the insight charts' tables).

OWASP's CSV-injection rule: a cell that starts with = + - @ (or their full-width forms, which some
spreadsheet programs accept too), TAB or CR, also after leading whitespace, gets a leading apostrophe,
so Excel, WPS and LibreOffice show it as text instead of running it as a formula. XLSX writers also
write such text as explicit string cells (data_type "s"). Numbers, dates and None pass unchanged, so
they stay typed cells.
"""

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def spreadsheet_text(value):
    """The cell's text with a leading ' when it could start a formula; anything not a str as it is."""
    if not isinstance(value, str) or not value:
        return value
    if value.startswith(FORMULA_PREFIXES) or value.lstrip().startswith(FORMULA_PREFIXES):
        return "'" + value
    return value
