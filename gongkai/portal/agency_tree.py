"""The agency tree as the portal shows it, rendered once per change, not per request.

The home page (every agency's 条例第十二条 contact details) and /apply/ (the
choice of agency) list the whole tree, through recursive includes: with 200
agencies the home page served 37 requests/s (issue 9). Their content block is
the same for every visitor, so its HTML is kept in this process, keyed on the
agencies' version (agencies.changes), the language and the script prefix. A
request then costs one read of the version from the shared cache; a change saved
in any worker shows on the next request. The page around it (base template:
header, messages, CSP nonce, display mode) is still rendered per request.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from gongkai.agencies.changes import tree_version
from gongkai.agencies.models import Agency

HOME = "portal/_home_body.html"  # the hero, every agency's office and contacts, the notice
CHOOSE = "portal/_apply_choose_body.html"  # /apply/: where to apply

# (template, language, script prefix) -> (version, html). A few entries per process.
_rendered: dict[tuple[str, str, str], tuple[str, SafeString]] = {}


@dataclass
class Node:
    agency: Agency
    children: list[Node] = field(default_factory=list)


def agency_tree() -> list[Node]:
    """Active agencies as a forest, in path order (parents first)."""
    nodes: dict[int, Node] = {}
    roots: list[Node] = []
    for agency in Agency.objects.active().order_by("path"):
        node = nodes[agency.pk] = Node(agency)
        parent = nodes.get(agency.parent_id) if agency.parent_id else None
        (parent.children if parent else roots).append(node)
    return roots


def rendered_tree(template: str, **context: object) -> SafeString:
    """`template` rendered with the tree as `nodes`, from this process's copy while current.

    `context` must be constant (it is not part of the key).
    """
    key = (template, get_language() or "", get_script_prefix())
    # The version is read before the agencies: a change committed in between leaves
    # newer HTML under the older version, which the next request replaces.
    version = tree_version()
    kept = _rendered.get(key)
    if kept is not None and kept[0] == version:
        return kept[1]
    html = render_to_string(template, {"nodes": agency_tree(), **context})
    _rendered[key] = (version, html)
    return html
