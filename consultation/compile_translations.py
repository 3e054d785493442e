"""Compile every .po catalog of the project into its .mo, in pure Python (no system gettext needed).

Run as `python -m consultation.compile_translations`; `make run` and `make test` do it for you.
"""

from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent


def compile_all() -> list[Path]:
    compiled = []
    for po_path in sorted(ROOT.rglob("locale/*/LC_MESSAGES/*.po")):
        if ".venv" in po_path.parts:
            continue
        mo_path = po_path.with_suffix(".mo")
        if not mo_path.exists() or mo_path.stat().st_mtime < po_path.stat().st_mtime:
            polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
            compiled.append(mo_path)
    return compiled


if __name__ == "__main__":
    for path in compile_all():
        print(f"compiled {path.relative_to(ROOT)}")
