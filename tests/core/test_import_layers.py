"""The import-direction check: the real tree passes; an upward import or a cycle would not."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))

import check_imports


def test_the_project_has_no_upward_imports_and_no_cycles():
    graph, errors = check_imports.build_graph()
    assert errors == []
    assert check_imports.cycles(graph) == []
    assert "gongkai.core.web" in graph


def test_core_imports_no_domain_app():
    graph, _errors = check_imports.build_graph()
    core = {m: deps for m, deps in graph.items() if m.startswith("gongkai.core")}
    assert all(dep.startswith("gongkai.core") for deps in core.values() for dep in deps)


def test_layers_rank_core_lowest_and_portal_and_api_highest():
    rank = check_imports.layer_of
    assert rank("gongkai.core.jobs") < rank("gongkai.agencies.views") < rank("gongkai.reports.x")
    assert rank("gongkai.applications.services") == rank("gongkai.catalog.services")
    assert rank("gongkai.applications.services") < rank("gongkai.api.views")


def test_a_loop_of_three_modules_is_found():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert check_imports.cycles(graph) == [["a", "b", "c"]]
