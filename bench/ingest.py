"""Reports per second for each input form, against merely reading and decoding the same files.

    .venv/bin/python bench/ingest.py              print the table
    .venv/bin/python bench/ingest.py --write      also replace the section in BENCHMARKS.md

Inputs are the development corpus (../shared/corpus, or GONGKAI_CORPUS), read in place, plus
DOCX files built from corpus truths in the official layout (the corpus has no DOCX).

"Decode" is the least any reader must do with the bytes: for text and HTML, read and decode to
a string; for PDF, read and extract the text of every page with pdfplumber; for DOCX, read and
load the document with python-docx. "Parse" is `parse_bytes`: tables, cells with provenance,
agency/year/format, findings — plus the audit. "Guarded" adds the forked child process with a
time bound that `ingest_reports` and the back office use for every document.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "reports")]
# The parsers' messages go through Django's gettext, which needs configured settings.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
import django  # noqa: E402

django.setup()

from bench._common import cpu_model  # noqa: E402
from gongkai.reports.audit import audit  # noqa: E402
from gongkai.reports.ingest import parse_bytes  # noqa: E402
from gongkai.reports.ingest.guard import GuardedWorker, parse_guarded  # noqa: E402

CORPUS = Path(os.environ.get("GONGKAI_CORPUS", ROOT.parent / "shared" / "corpus")).resolve()
FORMS = {  # form → corpus reports in that form
    "html (fragment)": ["pub-004"],
    "html (full crawled page, 95 KB)": ["pub-006"],
    "pdf (6 pages)": ["pub-003"],
    "markdown from PDF (broken)": ["pub-007"],
    "tab-separated text": ["seed-000"],
    "one cell per line (DOCX text)": ["seed-001"],
    "web scrape, one cell per paragraph": ["seed-003"],
    "flattened text (run-together digits)": ["pub-010", "pub-012"],
    "narrative, traditional (pre-2019)": ["seed-004"],
}
BEGIN, END = "<!-- bench/ingest.py:begin -->", "<!-- bench/ingest.py:end -->"


def _docs(names: list[str]) -> list[tuple[str, bytes]]:
    return [(p.name, p.read_bytes()) for n in names for p in (CORPUS / n).glob("source.*")]


def _docx_docs() -> list[tuple[str, bytes]]:
    import json

    from docxfactory import build_docx

    docs = []
    for name in ("seed-000", "pub-003", "pub-004"):
        truth = json.loads((CORPUS / name / "truth.json").read_text(encoding="utf-8"))
        meta = json.loads((CORPUS / name / "meta.json").read_text(encoding="utf-8"))
        docs.append(
            (f"{name}.docx", build_docx(truth, meta["agency"].split("（")[0], meta["year"]))
        )
    return docs


def _decode(name: str, data: bytes) -> None:
    if name.endswith(".pdf"):
        import pdfplumber

        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for page in pdf.pages:
                page.extract_text()
    elif name.endswith(".docx"):
        import docx

        document = docx.Document(io.BytesIO(data))
        _ = [p.text for p in document.paragraphs]
    else:
        data.decode("utf-8")


def _parse(name: str, data: bytes) -> None:
    audit(parse_bytes(data, name))


def _guarded(name: str, data: bytes) -> None:
    audit(parse_guarded(data, name, timeout=60))


_WORKER = GuardedWorker(timeout=60)


def _batch(name: str, data: bytes) -> None:
    audit(_WORKER.parse(data, name))


def _rate(
    docs: list[tuple[str, bytes]], work: Callable[[str, bytes], None], seconds: float
) -> float:
    """Documents per second: repeated passes over `docs` for at least `seconds`, best of 3."""
    rates = []
    for _round in range(3):
        done, started = 0, time.perf_counter()
        while time.perf_counter() - started < seconds / 3 or done == 0:
            for name, data in docs:
                work(name, data)
                done += 1
        rates.append(done / (time.perf_counter() - started))
    return max(rates)


def _machine() -> str:
    cpu = cpu_model(platform.processor())
    return f"{os.cpu_count()} CPU (`nproc` {subprocess.run(['nproc'], capture_output=True, text=True).stdout.strip()}), {cpu}, Python {platform.python_version()}"


def run(seconds: float) -> str:
    forms = {form: _docs(names) for form, names in FORMS.items()}
    forms["docx (official layout, merged cells)"] = _docx_docs()
    lines = [
        "| input form | files | decode only (docs/s) | parse + audit (docs/s) | parse time ÷ decode time | guarded batch worker (docs/s) | guarded, fork per document (docs/s) |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for form, docs in forms.items():
        decode = _rate(docs, _decode, seconds)
        parse = _rate(docs, _parse, seconds)
        batch = _rate(docs, _batch, seconds)
        guarded = _rate(docs, _guarded, seconds)
        lines.append(
            f"| {form} | {len(docs)} | {decode:,.0f} | {parse:,.1f} | {decode / parse:,.1f}× "
            f"| {batch:,.1f} | {guarded:,.1f} |"
        )
    all_docs = [d for docs in forms.values() for d in docs]
    sizes = [len(d) for _n, d in all_docs]
    header = [
        BEGIN,
        "## Ingest: published annual reports (`bench/ingest.py`)",
        "",
        f"- date: {dt.datetime.now(dt.UTC).date().isoformat()}",
        f"- machine: {_machine()}; load average at start {os.getloadavg()[0]:.2f} (the machine is shared by 8 engineers running their own jobs: figures vary with load)",
        f"- command: `.venv/bin/python bench/ingest.py --seconds {seconds:g} --write`",
        f"- inputs: {len(all_docs)} documents, {min(sizes):,}–{max(sizes):,} bytes (median {statistics.median(sizes):,.0f}), the corpus read in place plus DOCX built from its truths",
        "- decode only: bytes → text (UTF-8 decode; PDF: pdfplumber text of every page; DOCX: python-docx load)",
        "- parse + audit: `parse_bytes` (every cell with status and provenance, agency, year, format, findings) and `audit`, in process",
        "- guarded batch worker: the same in one reused forked worker with a time and memory bound per document (`ingest_reports`)",
        "- guarded, fork per document: a fresh forked child per document (the back-office upload)",
        "- ratio: how many times longer a full parse takes than merely decoding the same bytes",
        "",
    ]
    return "\n".join([*header, *lines, "", END])


def write(section: str) -> None:
    path = ROOT / "BENCHMARKS.md"
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    if BEGIN in text and END in text:
        before, rest = text.split(BEGIN, 1)
        after = rest.split(END, 1)[1]
        text = before + section + after
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    path.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--seconds", type=float, default=3.0, help="measuring time per form and mode"
    )
    parser.add_argument("--write", action="store_true", help="update the section in BENCHMARKS.md")
    args = parser.parse_args()
    if not CORPUS.is_dir():
        sys.exit(f"corpus not found at {CORPUS} (set GONGKAI_CORPUS)")
    try:
        section = run(args.seconds)
    finally:
        _WORKER.close()
    print(section)
    if args.write:
        write(section)


if __name__ == "__main__":
    main()
