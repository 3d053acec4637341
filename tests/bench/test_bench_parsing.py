"""The benchmark's own parsing: wrk's summary line and the docs section it rewrites."""

import pytest

from bench import report
from bench.wrk import parse_output

WRK_STDOUT = """Running 5s test @ http://127.0.0.1:8000/health
  2 threads and 32 connections
BENCH_JSON {"requests":5000,"duration_us":5000000,"p50_us":1500,"p90_us":2500,"p99_us":9000,\
"max_us":20000,"mean_us":1600.5,"errors_connect":0,"errors_read":2,"errors_write":0,\
"errors_status":3,"errors_timeout":1,"created":42}
"""


def test_parse_output_reads_the_summary_line():
    result = parse_output(WRK_STDOUT)
    assert result.rps == pytest.approx(1000.0)
    assert (result.p50_ms, result.p99_ms) == (1.5, 9.0)
    assert (result.socket_errors, result.status_errors, result.errors) == (3, 3, 6)
    assert result.created == 42


def test_parse_output_without_summary_is_an_error():
    with pytest.raises(ValueError, match="resumo"):
        parse_output("Running 5s test\n")


def test_replace_section_rewrites_only_between_markers(tmp_path):
    doc = tmp_path / "performance.md"
    doc.write_text(
        "# Título\n\n<!-- bench:throughput -->\nvelho\n<!-- /bench:throughput -->\nfim\n"
    )
    report.replace_section("throughput", "novo", doc)
    report.replace_section("scale", "escala", doc)
    text = doc.read_text()
    assert "velho" not in text
    assert "<!-- bench:throughput -->\nnovo\n<!-- /bench:throughput -->\nfim" in text
    assert text.endswith("<!-- bench:scale -->\nescala\n<!-- /bench:scale -->\n")
