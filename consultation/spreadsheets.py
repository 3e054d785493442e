"""Text a person wrote, made safe for a spreadsheet cell (every XLSX and CSV the project writes)."""

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_text(value: str) -> str:
    """OWASP's rule: text that a spreadsheet would read as a formula gets a leading quote."""
    value = value or ""
    return "'" + value if value.lstrip().startswith(FORMULA_PREFIXES) else value
