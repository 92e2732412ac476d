"""A restricted Django template engine for letter bodies that agencies edit.

Agency admins write these templates, so the engine offers only what wording
needs: variables, `if`, `for`, `with`, `firstof` and a few text filters. No
`load`, `include`, `extends`, `debug`, `url` or `csrf_token`: a template
cannot read files, other templates, settings or the module list. The context
it sees is a dict of plain strings, numbers, booleans and lists (never a
model instance), so there is no way to the ORM. Output is plain text
(no autoescaping): the renderers escape for HTML and DOCX themselves.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

from django.template import Context, Library, defaultfilters, defaulttags
from django.template.base import Template
from django.template.engine import Engine

ALLOWED_TAGS = (
    "comment",
    "cycle",
    "filter",
    "firstof",
    "for",
    "if",
    "ifchanged",
    "now",
    "templatetag",
    "verbatim",
    "with",
)
ALLOWED_FILTERS = (
    "add",
    "cut",
    "default",
    "default_if_none",
    "first",
    "floatformat",
    "join",
    "last",
    "length",
    "lower",
    "slice",
    "stringformat",
    "truncatechars",
    "upper",
    "yesno",
)

register = Library()
for _name in ALLOWED_TAGS:
    register.tags[_name] = defaulttags.register.tags[_name]
for _name in ALLOWED_FILTERS:
    register.filters[_name] = defaultfilters.register.filters[_name]

# Marks a variable the template names but the context does not have; the
# validation render looks for it, the real render uses "".
UNKNOWN = "\x00UNKNOWN:%s\x00"
UNKNOWN_RE = re.compile("\x00UNKNOWN:(.*?)\x00")


class _SandboxEngine(Engine):
    default_builtins: ClassVar[list[str]] = [__name__]


def _engine(string_if_invalid: str) -> Engine:
    return _SandboxEngine(
        loaders=[("django.template.loaders.locmem.Loader", {})],
        autoescape=False,
        debug=True,  # keeps line numbers on syntax errors for the editor's message
        string_if_invalid=string_if_invalid,
    )


STRICT = _engine(UNKNOWN)
LENIENT = _engine("")


def compile_body(source: str, strict: bool = False) -> Template:
    """Parse a body template; raises django.template.TemplateSyntaxError."""
    return (STRICT if strict else LENIENT).from_string(source)


def render_text(source: str, context: dict[str, Any], strict: bool = False) -> str:
    return compile_body(source, strict).render(Context(context, autoescape=False))


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs are separated by blank lines; lines inside one are joined
    (Chinese needs no space between them)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    paragraphs = []
    for block in re.split(r"\n[ \t\u3000]*\n", text):
        joined = "".join(line.strip() for line in block.split("\n"))
        if joined:
            paragraphs.append(joined)
    return paragraphs
