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
    full, small = f"bench-minutes-{SPEECHES}", f"bench-minutes-{SMALL}"
    for slug, speeches, comments in ((full, SPEECHES, COMMENTS), (small, SMALL, SMALL * COMMENTS // SPEECHES)):
        subprocess.run([sys.executable, str(ROOT / "bench" / "bench_minutes.py"), "generate", slug, str(speeches),
                        str(comments)], cwd=ROOT, env=env, check=True)
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
        "| compilation | wall s | CPU s | pages | pages/CPU s | walking process MiB | largest layout process MiB "
        "| file MiB | load average before → after |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for name, r in rows:
        lines.append(
            f"| {name} | {r['seconds']:.1f} | {r['cpu']:.1f} | {r['pages']:,} | {r['pages'] / r['cpu']:.1f} | "
            f"{r['walk_mib']:.0f} | {r['layout_mib'] or r['walk_mib']:.0f} | {r['size'] / 2**20:.1f} | "
            f"{r['load_before'][0]:.1f} → {r['load_after'][0]:.1f} |")
    whole = rows[-1][1]
    peak = max(whole["walk_mib"], whole["layout_mib"])
    met = whole["seconds"] <= GOAL_SECONDS and peak * 2**20 <= GOAL_MIB * 10**6
    lines += [
        "",
        f"Goal: ≤ {GOAL_SECONDS} s wall, ≤ {GOAL_MIB} MB per process. Measured {whole['seconds']:.0f} s, "
        f"largest process {peak:.0f} MiB ({peak * 2**20 / 10**6:.0f} MB): **{'met' if met else 'missed'}**. "
        f"On an idle machine the wall time is about CPU ÷ {processes} plus the front matter and the join: "
        f"{whole['cpu']:.0f} s of CPU here. The load averages show the other work on this 2-core machine.",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    if command == "compile":
        compile_pdf(*args)
