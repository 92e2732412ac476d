"""Every Chinese string the API shows (OpenAPI summaries, descriptions, tags, help texts) and
every app's verbose name goes through gettext, so `make messages` collects it."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import gongkai

CJK = re.compile(r"[\u4e00-\u9fff]")
GETTEXT = {"_", "gettext", "gettext_lazy", "ngettext", "pgettext"}
PACKAGE = Path(gongkai.__file__).parent


def _name(call: ast.Call) -> str:
    func = call.func
    return func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")


def untranslated(path: Path) -> list[str]:
    """Chinese string literals in `path` outside a gettext call (docstrings excepted)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
            continue
        if not CJK.search(node.value) or isinstance(parents.get(node), ast.Expr):
            continue
        ancestor = parents.get(node)
        while ancestor is not None and not (
            isinstance(ancestor, ast.Call) and _name(ancestor) in GETTEXT
        ):
            ancestor = parents.get(ancestor)
        if ancestor is None:
            where = path.relative_to(PACKAGE) if path.is_relative_to(PACKAGE) else path.name
            found.append(f"{where}:{node.lineno} {node.value[:30]}")
    return found


def test_api_and_app_names_have_no_untranslated_chinese() -> None:
    paths = [*sorted((PACKAGE / "api").rglob("*.py")), *sorted(PACKAGE.glob("*/apps.py"))]
    assert [line for path in paths for line in untranslated(path)] == []


def test_the_check_sees_an_untranslated_literal(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text('from django.utils.translation import gettext as _\nA = _("好")\nB = "坏"\n')
    assert untranslated(sample) == ["sample.py:3 坏"]
