"""One writer per format: `write(minutes, path)` produces the file at `path`.

Every writer walks the same `Minutes`; the registry maps a `Compilation.Format` to its writer.
"""

from .docx import write_docx
from .html import write_html
from .pdf import write_pdf
from .tables import write_csv, write_xlsx

WRITERS = {
    "docx": write_docx,
    "pdf": write_pdf,
    "html": write_html,
    "xlsx": write_xlsx,
    "csv": write_csv,
}

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
}

__all__ = ["CONTENT_TYPES", "WRITERS"]
