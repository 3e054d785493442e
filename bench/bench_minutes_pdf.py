"""The PDF of a whole 10,000-speech meeting: wall seconds, CPU seconds, peak memory per process, pages.

The data is bench_minutes' generated consultation (kept in the bench database between runs). Each
compilation runs in a fresh child process; the walking process's peak memory is its own maximum
resident set, the layout processes' peak is the largest among its children (getrusage
RUSAGE_CHILDREN, which covers every process it waited for). A 200-speech meeting is also compiled the
way the PDF was made before (the printable page's stylesheet, one WeasyPrint document) to show what
the volumes and the lean print templates changed.

Run: `python bench/run.py bench_minutes_pdf` (BENCH_MINUTES_SPEECHES / _COMMENTS to change the size).
"""

import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_minutes import COMMENTS, SPEECHES, setup_django  # noqa: E402

TITLE = "Minutes: the PDF of a 10,000-speech, 30,000-comment meeting, in volumes laid out in parallel"
SMALL = 200
GOAL_SECONDS, GOAL_MIB = 180, 600
# How the approach was chosen: figures measured while building it (2026-11-28, same machine, cProfile or
# getrusage in a fresh process); they explain the design, the table above them is what this run measured.
CHOICE = """\
How the approach was chosen (profiles and single-volume measurements made while building it, same machine):

- **Where WeasyPrint's time went** (cProfile, 200-speech meeting, the printable page's stylesheet as one
  document, 253 pages at 14 pt): render 42.1 s = layout 28.4 s (line boxes 14.3 s, tables 6.4 s for the
  cover's stages and the appendix tables), computed styles 8.0 s (`StyleFor.__init__` 7.6 s), box
  building 5.1 s; peak 914 MiB. Time goes per box and per line, not per page.
- **(a) Cheaper layout.** The PDF has its own print templates (templates/meetings/minutes/pdf/): 10.5 pt
  on A4 with 2 cm margins (253 → 88 pages for the same speeches), no grid, flex, float or table, marks
  as one bold run instead of nested spans and `<time>`, thread depth as a class instead of a style
  attribute: the speeches of that meeting went from 28+ s to 3.8 s CPU. WeasyPrint's default user-agent
  stylesheet (forms, 40 counter styles…) is replaced by the dozen rules these templates need: a
  300-speech volume 9.0 → 6.7 s CPU. The contents without `leader()`: 2,000 lines 8.5 s / 396 MiB →
  2.5 s / 241 MiB. The aspects appendix as lines, not a table: a 1,500-row table took 13.6 s CPU and
  443 MiB (500 rows 4.9 s: worse than linear). Fonts are subset by HarfBuzz in 0.25 s per volume, so
  subsetting once would not pay.
- **(b) Volumes in parallel.** The process that reads the records writes volumes of at most 300 speeches
  (a sub-topic opens one); two layout processes started without Django (60 MiB before the first volume,
  against 270 MiB for a Django process) lay them out while the walk goes on; the appendices, cover and
  summary too; the contents last, in parts of 2,000 lines, once the body's page numbers are known;
  pypdf joins them (a second or two), stamps the page numbers (roman in the front matter, 1…n in the
  body) and writes the bookmarks from the anchors each volume reports. A 300-speech volume peaks at
  about 390–460 MiB; a layout process that keeps more than 400 MiB after a volume is replaced.
- **(c) Another engine** (ReportLab) was not needed for memory, and for time the CPU figure below says
  what two free cores would give; it is not installed here, and it cannot embed the CFF-based Noto
  CJK faces (only TrueType ones such as WenQuanYi), so its PDF would look different from the page.
"""


def compile_pdf(slug: str, out: str, way: str) -> None:
    """Child process: compile the internal edition's PDF `way` ("volumes" or "one document"), print JSON."""
    setup_django()
    from pypdf import PdfReader

    from meetings.minutes.document import Minutes
    from meetings.minutes.writers import WRITERS
    from meetings.minutes.writers.html import write_html
    from meetings.models import Consultation

    minutes = Minutes(Consultation.objects.get(slug=slug), internal=True)
    started, times = time.perf_counter(), os.times()
    if way == "volumes":
        WRITERS["pdf"](minutes, Path(out))
    else:  # before: the printable page, its stylesheet, laid out as one WeasyPrint document
        from weasyprint import HTML

        html = Path(out).with_suffix(".html")
        write_html(minutes, html)
        HTML(filename=str(html)).write_pdf(out)
        html.unlink()
    seconds, done = time.perf_counter() - started, os.times()
    cpu = sum(done[:4]) - sum(times[:4])  # user + system, this process and its layout processes
    print(json.dumps({
        "seconds": seconds, "cpu": cpu, "pages": len(PdfReader(out).pages), "size": Path(out).stat().st_size,
        "walk_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "layout_mib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }))


def measure(env: dict, slug: str, way: str, folder: Path) -> dict:
    load = os.getloadavg()
    out = folder / f"{slug}-{way.replace(' ', '-')}.pdf"
    done = subprocess.run([sys.executable, __file__, "compile", slug, str(out), way], cwd=ROOT, env=env,
                          capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"{way} failed:\n{done.stderr[-3000:]}")
    out.unlink(missing_ok=True)
    return {**json.loads(done.stdout.strip().splitlines()[-1]), "load_before": load, "load_after": os.getloadavg()}


def run() -> str:
    import tempfile

    env = {**os.environ, "LOG_LEVEL": "WARNING"}
    if not env.get("DATABASE_URL"):
        raise RuntimeError("bench_minutes_pdf needs DATABASE_URL (PostgreSQL): the data set is kept there")
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    full, small = (subprocess.run([sys.executable, str(ROOT / "bench" / "bench_minutes.py"), "generate", str(speeches),
                                   str(comments)], cwd=ROOT, env=env, check=True, capture_output=True,
                                  text=True).stdout.split()[-1]
                   for speeches, comments in ((SPEECHES, COMMENTS), (SMALL, SMALL * COMMENTS // SPEECHES)))
    processes = env.get("MINUTES_PDF_PROCESSES") or str(os.cpu_count())
    per_volume = env.get("MINUTES_PDF_VOLUME_SPEECHES", "300")
    with tempfile.TemporaryDirectory() as folder:
        rows = [
            (f"{SMALL} speeches, printable page's stylesheet, one document (before)",
             measure(env, small, "one document", Path(folder))),
            (f"{SMALL} speeches, lean print templates, volumes", measure(env, small, "volumes", Path(folder))),
            (f"{SPEECHES:,} speeches, {COMMENTS:,} comments, volumes", measure(env, full, "volumes", Path(folder))),
        ]
    lines = [
        f"Internal edition (everything, hidden content marked). Volumes of at most {per_volume} speeches "
        f"(MINUTES_PDF_VOLUME_SPEECHES), {processes} layout processes (MINUTES_PDF_PROCESSES); the process that "
        "reads the records writes each volume's HTML while the layout processes work on the previous ones. "
        "CPU is user + system time of all the processes of one compilation.",
        "",
        "| compilation | wall s | CPU s | speeches per CPU s | pages | walking process MiB "
        "| largest layout process MiB | file MiB | load average before → after |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for (name, r), speeches in zip(rows, (SMALL, SMALL, SPEECHES), strict=True):
        layout = "(in the walking process)" if name.endswith("(before)") else f"{r['layout_mib']:.0f}"
        lines.append(
            f"| {name} | {r['seconds']:.1f} | {r['cpu']:.1f} | {speeches / r['cpu']:.1f} | {r['pages']:,} | "
            f"{r['walk_mib']:.0f} | {layout} | {r['size'] / 2**20:.1f} | "
            f"{r['load_before'][0]:.1f} → {r['load_after'][0]:.1f} |")
    whole = rows[-1][1]
    peak = max(whole["walk_mib"], whole["layout_mib"])
    met = whole["seconds"] <= GOAL_SECONDS and peak * 2**20 <= GOAL_MIB * 10**6
    lines += [
        "",
        f"Goal: ≤ {GOAL_SECONDS} s wall, ≤ {GOAL_MIB} MB per process. Measured {whole['seconds']:.0f} s wall, "
        f"largest process {peak:.0f} MiB ({peak * 2**20 / 10**6:.0f} MB): **{'met' if met else 'missed'}**. "
        f"The compilation needs {whole['cpu']:.0f} s of CPU, nearly all of it in parallel: on {processes} free "
        f"cores that is about {whole['cpu'] / int(processes):.0f} s plus the last parts of the contents and the "
        "join; the load averages show the other work sharing this 2-core machine during the run. The walking "
        "process is the records walk that every writer shares (meetings/minutes/document.py, the same in the "
        "DOCX writer); the layout processes stay under the goal.",
        "",
        CHOICE,
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    if command == "compile":
        compile_pdf(*args)
