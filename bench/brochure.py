"""How long it takes to make a programme's brochure PDF, and how much memory it needs.

1. migrates a fresh database (`ll_bench_brochure`, or BENCH_BROCHURE_DATABASE_URL /
   `--database-url`; the name must contain "bench");
2. builds one programme with N teams (`--teams 50`) of eight members, five of whom
   consented to the brochure, each team with a filled canvas, an accepted iteration
   with its test and learning cards, stakeholder answers, a held coaching session and
   two quotes, and a published brochure with an introduction, an image and one
   showcase per team;
3. makes its PDF `--rounds` times, each in a fresh process, as a worker does
   (`home.brochures.make_pdf`: the context's queries, WeasyPrint, storing the file),
   and measures the time and the process's resident memory: when ready (Django set up,
   nothing rendered) and its peak (getrusage's ru_maxrss) after the PDF is made.

Goals: under 5 seconds and under 300 MB of peak memory. The table is printed, the JSON
goes to var/bench/brochure.json; `--check-goals` exits 1 when a goal is missed. `--smoke`
(what CI runs) makes the brochure of 3 teams once and checks only that it is made.

    python bench/brochure.py                # 50 teams, 3 rounds
    python bench/brochure.py --teams 100    # another size
    python bench/brochure.py --smoke
"""

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.reminders import BenchError, create_database  # noqa: E402

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/ll_bench_brochure"
DEFAULT_OUTPUT = REPO / "var" / "bench" / "brochure.json"
SECRET_KEY = "bench-only-secret-key-not-for-any-real-site-0123456789abcdef"
GOAL_SECONDS = 5.0
GOAL_PEAK_MB = 300
MEMBERS = 8
CONSENTING = 5


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--teams", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--smoke", action="store_true", help="3 teams, once, no judging")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_BROCHURE_DATABASE_URL", DEFAULT_DATABASE_URL),
        help="the database to drop and create (its name must contain 'bench')",
    )
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    parser.add_argument("--check-goals", action="store_true", help="exit 1 when a goal is missed")
    # What the benchmark's own child processes are asked to do.
    parser.add_argument("--build", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--render", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.smoke:
        args.teams, args.rounds = 3, 1
    if args.teams < 1 or args.rounds < 1:
        parser.error("--teams and --rounds must be at least 1")
    return args


def environment(database_url: str, files: Path) -> dict:
    """The development settings on the benchmark's database and a folder of its own."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("CELERY")}
    env.update(
        DJANGO_SETTINGS_MODULE="learninglab.settings.dev",
        DATABASE_URL=database_url,
        SECRET_KEY=SECRET_KEY,
        MEDIA_ROOT=str(files / "media"),
        PRIVATE_ROOT=str(files / "private"),
        EMAIL_FILE_PATH=str(files / "mail"),
        DEBUG="false",
        # Publishing queues the PDF: into this process's memory, never a real queue.
        CELERY_BROKER_URL="memory://",
    )
    env.pop("REDIS_URL", None)
    return env


def child(args: list[str], env: dict) -> dict:
    completed = subprocess.run(
        [sys.executable, __file__, *args], cwd=REPO, env=env, capture_output=True, text=True
    )
    if completed.returncode != 0:
        raise BenchError(f"{' '.join(args)} failed:\n{completed.stdout}\n{completed.stderr}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


def rss_mib() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


# --- In the child processes -----------------------------------------------------------


def build(teams: int) -> dict:
    """Migrate, then build the programme, its teams and its published brochure."""
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    from bench.brochure_data import build_programme

    page = build_programme(teams, MEMBERS, CONSENTING)
    return {"page_id": page.pk}


def render(page_id: int) -> dict:
    """Make the PDF once, as the worker's task does, and measure this process."""
    import django

    django.setup()
    # Ready as a worker is: Django and the rendering code loaded, nothing rendered yet.
    import weasyprint  # noqa: F401

    from home import brochures
    from home.models import BrochurePdf

    ready = rss_mib()
    started, cpu_started = time.perf_counter(), time.process_time()
    brochures.make_pdf(page_id)
    seconds = time.perf_counter() - started
    cpu_seconds = time.process_time() - cpu_started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    pdf = BrochurePdf.objects.get(page_id=page_id)
    if pdf.status != BrochurePdf.Status.READY:
        raise BenchError(f"The PDF was not made: {pdf.error}")
    from pypdf import PdfReader

    with pdf.file.open("rb") as file:
        data = file.read()
    return {
        "seconds": round(seconds, 3),
        "cpu_seconds": round(cpu_seconds, 3),
        "ready_mib": round(ready, 1),
        "peak_mib": round(peak, 1),
        "pages": len(PdfReader(__import__("io").BytesIO(data)).pages),
        "bytes": len(data),
    }


# --- The benchmark --------------------------------------------------------------------


def run(args) -> dict:
    create_database(args.database_url)
    with tempfile.TemporaryDirectory(prefix="ll-bench-brochure-") as folder:
        env = environment(args.database_url, Path(folder))
        started = time.perf_counter()
        page_id = child(["--build", "--teams", str(args.teams)], env)["page_id"]
        print(f"built {args.teams} teams in {time.perf_counter() - started:.0f} s", flush=True)
        rounds = [child(["--render", str(page_id)], env) for _ in range(args.rounds)]
    seconds = statistics.median(r["seconds"] for r in rounds)
    peak = max(r["peak_mib"] for r in rounds)
    return {
        "teams": args.teams,
        "rounds": rounds,
        "median_seconds": seconds,
        "max_peak_mib": peak,
        "pages": rounds[-1]["pages"],
        "goals": {"seconds": GOAL_SECONDS, "peak_mb": GOAL_PEAK_MB},
        "met": {
            "seconds": seconds < GOAL_SECONDS,
            # ru_maxrss is in KiB: compare in MB as the goal is stated.
            "peak": peak * 1.048576 < GOAL_PEAK_MB,
        },
        "settings": {"smoke": args.smoke},
    }


def report(summary) -> str:
    lines = [
        f"Brochure PDF of {summary['teams']} team showcases ({summary['pages']} pages)",
        "round | seconds | CPU s | ready MiB | peak MiB | KiB",
    ]
    for number, r in enumerate(summary["rounds"], 1):
        lines.append(
            f"{number:>5} | {r['seconds']:>7.2f} | {r['cpu_seconds']:>5.2f} | {r['ready_mib']:>9.1f} | "
            f"{r['peak_mib']:>8.1f} | {r['bytes'] // 1024:>4}"
        )
    met = summary["met"]
    lines.append(
        f"median {summary['median_seconds']:.2f} s (goal < {GOAL_SECONDS:.0f} s: "
        f"{'met' if met['seconds'] else 'MISSED'}), peak {summary['max_peak_mib']:.1f} MiB "
        f"(goal < {GOAL_PEAK_MB} MB: {'met' if met['peak'] else 'MISSED'})"
    )
    return "\n".join(lines)


def main(argv=None) -> int:
    args = parse_args(argv if argv is not None else sys.argv[1:])
    if args.build:
        print(json.dumps(build(args.teams)))
        return 0
    if args.render:
        print(json.dumps(render(args.render)))
        return 0
    try:
        summary = run(args)
    except BenchError as error:
        print(error, file=sys.stderr)
        return 2
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(summary, indent=2))
    print(report(summary))
    if args.check_goals and not all(summary["met"].values()):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
