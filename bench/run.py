"""`make bench`: run every bench/bench_*.py and write docs/BENCHMARKS.md with the machine and date.

Each bench module has `TITLE` and `run() -> str` (a Markdown section). Name modules on the command
line to run only those: `python bench/run.py bench_pages`; the other sections keep their last results.
"""

import datetime
import importlib
import os
import platform
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "docs" / "BENCHMARKS.md"
SECTION = re.compile(r"^<!-- bench:(\w+) -->$.*?^<!-- /bench:\1 -->$", re.S | re.M)


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    db = os.environ.get("DATABASE_URL", "SQLite (embedded)").split("@")[-1]
    redis = "Redis" if os.environ.get("REDIS_URL") else "no Redis (in-process tasks, local cache)"
    return (f"{platform.node()}: {cpu}, {os.cpu_count()} cores, {mem:.0f} GiB RAM; Python {platform.python_version()}; "
            f"database {db}; {redis}")


def main(names: list[str]) -> None:
    modules = names or sorted(p.stem for p in (ROOT / "bench").glob("bench_*.py"))
    existing = OUT.read_text() if OUT.exists() else ""
    sections = {m.group(1): m.group(0) for m in SECTION.finditer(existing)}
    for name in modules:
        module = importlib.import_module(f"bench.{name}")
        print(f"bench: {name} …", flush=True)
        started = datetime.datetime.now().astimezone()
        body = module.run()
        sections[name] = (
            f"<!-- bench:{name} -->\n## {module.TITLE}\n\n"
            f"*{started:%Y-%m-%d %H:%M %Z} on {machine()}*\n\n{body.strip()}\n<!-- /bench:{name} -->"
        )
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout
    OUT.write_text(
        "# Benchmarks\n\nMeasured by `make bench` (bench/run.py); each section says when and on what machine. "
        f"Last written at commit {commit.strip() or 'unknown'}.\n\n"
        + "\n\n".join(sections[k] for k in sorted(sections))
        + "\n"
    )
    print(f"bench: wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main(sys.argv[1:])
