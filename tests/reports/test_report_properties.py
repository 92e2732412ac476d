"""Property tests: mutated corpus documents and random input never raise anything but an
IngestError, and every parse ends within a time bound."""

from __future__ import annotations

import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reportcorpus import corpus_names, source_path

from gongkai.applications.reportmodel.model import AnnualReport
from gongkai.reports.audit import audit
from gongkai.reports.ingest import IngestError, parse_bytes
from gongkai.reports.serialization import to_truth

BOUND_SECONDS = 10.0
TEXT_SOURCES = [n for n in corpus_names() if source_path(n).suffix in (".txt", ".md", ".html")]
PROPERTY = settings(
    max_examples=40,
    deadline=None,  # the bound is asserted explicitly, with a clearer message
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _parse_within_bound(data: bytes, filename: str) -> AnnualReport | None:
    started = time.monotonic()
    try:
        report = parse_bytes(data, filename)
    except IngestError as exc:
        assert str(exc), "an error must carry a message for the user"
        assert "内部错误" not in str(exc), f"a bug surfaced as an internal error: {exc!r}"
        report = None
    elapsed = time.monotonic() - started
    assert elapsed < BOUND_SECONDS, f"parse took {elapsed:.1f}s"
    if report is not None:
        to_truth(report, audit(report))  # the audit and export must hold too
    return report


@PROPERTY
@given(
    data=st.binary(max_size=4096), name=st.sampled_from(["x.txt", "x.html", "x.pdf", "x.docx", "x"])
)
def test_random_bytes_end_in_a_report_or_a_typed_error(data: bytes, name: str) -> None:
    _parse_within_bound(data, name)


@PROPERTY
@given(
    text=st.text(
        alphabet=st.sampled_from(
            list(
                "0123456789 /\t\n|一二三四（）、.本年新收上年结转总计予以公开行政复议第二十条项规章元万"
            )
        ),
        max_size=3000,
    )
)
def test_random_report_like_text_ends_cleanly(text: str) -> None:
    _parse_within_bound(("某局2021年政府信息公开工作年度报告\n" + text).encode(), "x.txt")


def _mutate(data: bytes, cuts: list[tuple[int, int, bytes]]) -> bytes:
    out = bytearray(data)
    for position, length, insert in cuts:
        at = position % (len(out) + 1)
        out[at : at + length] = insert
    return bytes(out)


if TEXT_SOURCES:

    @PROPERTY
    @given(
        name=st.sampled_from(TEXT_SOURCES),
        cuts=st.lists(
            st.tuples(st.integers(0, 200_000), st.integers(0, 64), st.binary(max_size=16)),
            max_size=8,
        ),
    )
    def test_mutated_corpus_documents_end_cleanly(
        name: str, cuts: list[tuple[int, int, bytes]]
    ) -> None:
        path = source_path(name)
        _parse_within_bound(_mutate(path.read_bytes(), cuts), path.name)

    @PROPERTY
    @given(name=st.sampled_from(TEXT_SOURCES), fraction=st.floats(0.0, 1.0))
    def test_truncated_corpus_documents_end_cleanly(name: str, fraction: float) -> None:
        data = source_path(name).read_bytes()
        _parse_within_bound(data[: int(len(data) * fraction)], source_path(name).name)

    @PROPERTY
    @given(
        name=st.sampled_from(TEXT_SOURCES),
        digits=st.text(alphabet="0123456789 ", min_size=1, max_size=60),
    )
    def test_corrupted_numbers_never_become_invented_errors_of_the_parser(
        name: str, digits: str
    ) -> None:
        """Any digit soup in place of a row's numbers: a report (maybe with findings) or an error."""
        text = source_path(name).read_text(encoding="utf-8")
        at = text.find("予以公开")
        if at >= 0:
            text = text[: at + 4] + digits + text[at + 4 :]
        _parse_within_bound(text.encode(), source_path(name).name)
