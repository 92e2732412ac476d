"""/api/docs/: the OpenAPI document as a server-rendered Chinese page.

No CDN and no JavaScript: the page is built from the same schema that
/api/schema/ serves, so the two cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from drf_spectacular.generators import SchemaGenerator

from .views.common import CASES, PUBLIC, REFERENCE, STATS

METHODS = ("get", "post", "put", "patch", "delete")
TAG_ORDER = [CASES, PUBLIC, REFERENCE, STATS]


@lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    """Generated once per process: the API does not change while it runs."""
    return SchemaGenerator().get_schema(request=None, public=True)


@dataclass
class Field:
    name: str
    type: str
    required: bool
    description: str
    ref: str = ""


@dataclass
class Operation:
    method: str
    path: str
    anchor: str
    summary: str
    description: str
    parameters: list[Field]
    request: list[tuple[str, str]]  # (media type, schema name)
    responses: list[tuple[str, str, str]]  # (code, description, schema name)
    auth: bool


@dataclass
class Tag:
    name: str
    operations: list[Operation] = field(default_factory=list)


def type_of(prop: dict[str, Any]) -> tuple[str, str]:
    """A short human type and, for references, the component it points to."""
    if "$ref" in prop:
        name = prop["$ref"].rsplit("/", 1)[-1]
        return name, name
    for combo in ("allOf", "oneOf", "anyOf"):
        if combo in prop:
            kinds = [type_of(p) for p in prop[combo]]
            refs = [r for _t, r in kinds if r]
            return " | ".join(t for t, _r in kinds), (refs[0] if refs else "")
    kind = prop.get("type", "")
    if kind == "array":
        inner, ref = type_of(prop.get("items", {}))
        return f"{inner}[]", ref
    if "enum" in prop:
        return " | ".join(str(v) for v in prop["enum"] if v not in ("", None)), ""
    fmt = prop.get("format")
    return (f"{kind} ({fmt})" if fmt else kind or "object"), ""


def schema_name(prop: dict[str, Any]) -> str:
    kind, ref = type_of(prop)
    return ref or kind


def fields_of(component: dict[str, Any]) -> list[Field]:
    required = set(component.get("required", []))
    out = []
    for name, prop in component.get("properties", {}).items():
        kind, ref = type_of(prop)
        out.append(Field(name, kind, name in required, prop.get("description", ""), ref))
    return out


def operations() -> list[Tag]:
    tags: dict[str, Tag] = {}
    for path, item in schema()["paths"].items():
        for method in METHODS:
            op = item.get(method)
            if op is None:
                continue
            tag = str((op.get("tags") or [_("其他")])[0])
            tags.setdefault(tag, Tag(tag)).operations.append(operation(path, method, op))
    rank = {str(name): i for i, name in enumerate(TAG_ORDER)}
    return sorted(tags.values(), key=lambda t: rank.get(t.name, len(rank)))


def operation(path: str, method: str, op: dict[str, Any]) -> Operation:
    params = [
        Field(
            f"{p['name']}（{p['in']}）",
            type_of(p.get("schema", {}))[0],
            p.get("required", False),
            p.get("description", ""),
        )
        for p in op.get("parameters", [])
    ]
    request = [
        (media, schema_name(body.get("schema", {})))
        for media, body in op.get("requestBody", {}).get("content", {}).items()
    ]
    responses = []
    for code, resp in op.get("responses", {}).items():
        names = {schema_name(c.get("schema", {})) for c in resp.get("content", {}).values()}
        description = resp.get("description") or (_("成功") if code.startswith("2") else "")
        responses.append((code, description, " / ".join(sorted(n for n in names if n))))
    secured = op.get("security", [{}]) != [{}] and {} not in op.get("security", [])
    return Operation(
        method.upper(),
        path,
        op.get("operationId", f"{method}{path}"),
        op.get("summary", ""),
        op.get("description", ""),
        params,
        request,
        responses,
        secured,
    )


def components() -> list[tuple[str, str, list[Field]]]:
    out = []
    for name, comp in sorted(schema().get("components", {}).get("schemas", {}).items()):
        enum = comp.get("enum")
        description = comp.get("description", "")
        if enum:
            description = (
                (description + "\n" if description else "")
                + _("取值：")
                + "、".join(str(v) for v in enum if v not in ("", None))
            )
        out.append((name, description, fields_of(comp)))
    return out


def docs(request: HttpRequest) -> HttpResponse:
    doc = schema()
    return render(
        request,
        "api/docs.html",
        {
            "info": doc.get("info", {}),
            "tags": operations(),
            "components": components(),
        },
    )
