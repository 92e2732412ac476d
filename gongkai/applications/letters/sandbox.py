"""The wording language of letter bodies that agency admins edit, and its renderer.

A body is plain text with Chinese placeholders (letters/placeholders.py):

    【开头段】

    经审查，【你】申请获取的政府信息……【如果 安排查阅】请到【承办机构】查阅。【否则】……【结束】

Nothing else is interpreted: no loops, no filters, no attribute access, no
Django template syntax (a body containing ``{{``, ``{%`` or ``{#`` is refused).
That is what bounds a render: every piece of text and every placeholder is
emitted at most once, so the output is at most the body plus one context value
per placeholder, and the work is linear in it. The render still enforces a
hard output cap and a time budget, so a future change to the language cannot
hold a worker (the attack run held one for 28 s with a 40-character
``stringformat`` expression, and killed one with nested ``{% for %}``).

`parse` returns the node tree or raises `WordingError` with every problem
found, each with its line and column and a message in Chinese.
"""

from __future__ import annotations

import bisect
import difflib
import re
import time
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from . import placeholders as ph

MAX_BODY_CHARS = 20_000
MAX_DEPTH = 3  # 【如果】 inside 【如果】: the shipped wording needs 2
MAX_OUTPUT_CHARS = 200_000  # a long letter is ~5,000 characters
RENDER_SECONDS = 1.0
MAX_PROBLEMS = 20

_TOKEN = re.compile(r"【|】|\{[{%#]")
_DJANGO_VAR = re.compile(r"\{\{\s*([A-Za-z_][\w.]*)\s*\}\}")
_DJANGO_TAG = re.compile(r"\{%\s*(\w+)")
_SEPARATORS = " \u3000:："


@dataclass(frozen=True)
class Problem:
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return _("第%(line)d行第%(col)d列：%(msg)s") % {
            "line": self.line,
            "col": self.column,
            "msg": self.message,
        }

    def as_dict(self) -> dict[str, Any]:
        return {
            "line": self.line,
            "column": self.column,
            "message": self.message,
            "text": str(self),
        }


class WordingError(Exception):
    """The wording cannot be used; `problems` say where and why, in Chinese."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


@dataclass
class Value:
    key: str


@dataclass
class Branch:
    key: str
    negate: bool
    then: list[Node] = field(default_factory=list)
    otherwise: list[Node] = field(default_factory=list)
    has_else: bool = False


Node = str | Value | Branch


# -- parsing -------------------------------------------------------------------


class _Positions:
    """Offset → (line, column), both counted from 1, column in characters."""

    def __init__(self, text: str) -> None:
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def at(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1


@dataclass
class _Open:
    branch: Branch
    offset: int


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = _Positions(text)
        self.problems: list[Problem] = []
        self.root: list[Node] = []
        self.stack: list[_Open] = []

    def problem(self, offset: int, message: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(Problem(*self.pos.at(offset), message))

    @property
    def out(self) -> list[Node]:
        if not self.stack:
            return self.root
        top = self.stack[-1].branch
        return top.otherwise if top.has_else else top.then

    def run(self) -> list[Node]:
        text, i = self.text, 0
        for m in _TOKEN.finditer(text):
            if m.start() < i:
                continue  # inside a token already consumed
            self._text(text[i : m.start()])
            i = self._token(m.group(), m.start())
        self._text(text[i:])
        for still_open in self.stack:
            self.problem(still_open.offset, _("“【如果 …】”缺少对应的“【结束】”。"))
        return self.root

    def _text(self, chunk: str) -> None:
        if chunk:
            self.out.append(chunk)

    def _token(self, token: str, start: int) -> int:
        """Handle the token at `start`; return where the text continues."""
        if token == "】":
            self.problem(start, _("多余的“】”：前面没有与之配对的“【”。"))
            return start + 1
        if token.startswith("{"):
            return self._django(token, start)
        end = self._closing(start)
        if end < 0:
            self.problem(start, _("“【”没有配对的“】”（占位符须写在同一行内）。"))
            return start + 1
        self._placeholder(self.text[start + 1 : end].strip(_SEPARATORS), start)
        return end + 1

    def _closing(self, start: int) -> int:
        """The 】 closing the 【 at `start` on the same line, or -1."""
        for j in range(start + 1, len(self.text)):
            c = self.text[j]
            if c == "】":
                return j
            if c in "【\n":
                return -1
        return -1

    def _placeholder(self, inner: str, start: int) -> None:
        if inner == ph.ELSE:
            self._else(start)
        elif inner == ph.END:
            self._end(start)
        elif inner.startswith(ph.IF):
            self._if(inner[len(ph.IF) :].strip(_SEPARATORS), start)
        elif not inner:
            self.problem(start, _("“【】”中间是空的，请写入占位符名称。"))
        else:
            found = self._lookup(inner, start)
            if found is None:
                return
            if found.condition:
                self.problem(
                    start,
                    _("【%(name)s】是一个“是/否”条件，只能写在【如果 %(name)s】中，不能直接输出。")
                    % {"name": found.name},
                )
                return
            self.out.append(Value(found.key))

    def _lookup(self, name: str, start: int) -> ph.Placeholder | None:
        found = ph.by_name().get(name)
        if found is None:
            self.problem(start, unknown_message(name))
        return found

    def _if(self, rest: str, start: int) -> None:
        negate = False
        for word in ph.NEGATIONS:
            if rest.startswith(word):
                negate, rest = True, rest[len(word) :].strip(_SEPARATORS)
                break
        if not rest:
            self.problem(start, _("“【如果】”后面要写条件，例如【如果 机关地址】。"))
            rest = ""
        found = self._lookup(rest, start) if rest else None
        branch = Branch(found.key if found else "", negate)
        self.out.append(branch)
        self.stack.append(_Open(branch, start))
        if len(self.stack) > MAX_DEPTH:
            self.problem(start, _("“【如果】”最多嵌套%(n)d层，请简化这段文字。") % {"n": MAX_DEPTH})

    def _else(self, start: int) -> None:
        if not self.stack:
            self.problem(start, _("“【否则】”前面没有“【如果 …】”。"))
        elif self.stack[-1].branch.has_else:
            self.problem(start, _("同一个“【如果 …】”只能有一个“【否则】”。"))
        else:
            self.stack[-1].branch.has_else = True

    def _end(self, start: int) -> None:
        if not self.stack:
            self.problem(start, _("多余的“【结束】”：前面没有“【如果 …】”。"))
        else:
            self.stack.pop()

    def _django(self, token: str, start: int) -> int:
        """Django template syntax is not part of the language: say what to write instead."""
        closer = {"{{": "}}", "{%": "%}", "{#": "#}"}[token]
        end = self.text.find(closer, start + 2)
        stop = len(self.text) if end < 0 else end + 2
        self.problem(start, django_message(self.text[start:stop]))
        return stop


def unknown_message(name: str) -> str:
    """No such placeholder; suggest the nearest known one."""
    legacy = ph.by_key().get(name)
    if legacy is not None:
        return _("没有【%(name)s】这个占位符，请改用【%(good)s】。") % {
            "name": name,
            "good": legacy.name,
        }
    near = difflib.get_close_matches(name, list(ph.by_name()), n=1, cutoff=0.3)
    if near:
        return _("没有【%(name)s】这个占位符，是不是【%(near)s】？") % {
            "name": name,
            "near": near[0],
        }
    return _("没有【%(name)s】这个占位符，请从“插入占位符”列表中选择。") % {"name": name}


def django_message(snippet: str) -> str:
    shown = snippet if len(snippet) <= 40 else snippet[:37] + "…"
    var = _DJANGO_VAR.fullmatch(snippet)
    if var and ph.by_key().get(var.group(1)):
        return _("不能使用模板写法“%(s)s”，请改用【%(name)s】。") % {
            "s": shown,
            "name": ph.by_key()[var.group(1)].name,
        }
    tag = _DJANGO_TAG.match(snippet)
    if tag and tag.group(1) in ("for", "cycle", "ifchanged", "with", "filter", "now"):
        return _("不能使用模板写法“%(s)s”：文书正文不支持循环、过滤器等程序逻辑。") % {"s": shown}
    if tag and tag.group(1) in ("if", "elif", "else", "endif"):
        return _("不能使用模板写法“%(s)s”，条件请写成【如果 占位符】……【否则】……【结束】。") % {
            "s": shown
        }
    return _("不能使用模板写法“%(s)s”，文书正文只能包含文字和【占位符】。") % {"s": shown}


def parse(text: str) -> list[Node]:
    """The node tree of a wording; WordingError with every problem found."""
    if len(text) > MAX_BODY_CHARS:
        raise WordingError(
            [Problem(1, 1, _("正文过长（不超过%(n)d个字符）。") % {"n": MAX_BODY_CHARS})]
        )
    parser = _Parser(text)
    nodes = parser.run()
    if parser.problems:
        raise WordingError(parser.problems)
    return nodes


def check(text: str) -> list[Problem]:
    """Every problem in a wording ([] if it can be used)."""
    try:
        parse(text)
    except WordingError as exc:
        return exc.problems
    return []


# -- rendering -----------------------------------------------------------------


class _Budget:
    def __init__(self) -> None:
        self.chars = 0
        self.deadline = time.monotonic() + RENDER_SECONDS

    def spend(self, piece: str) -> str:
        self.chars += len(piece)
        if self.chars > MAX_OUTPUT_CHARS:
            raise WordingError([Problem(1, 1, _("生成的正文过长，请缩短正文。"))])
        if time.monotonic() > self.deadline:
            raise WordingError([Problem(1, 1, _("生成正文超时，请简化正文。"))])
        return piece


def _value(context: dict[str, Any], key: str) -> str:
    value = context.get(key, "")
    if isinstance(value, list):
        return "；".join(str(v) for v in value)
    return "" if value is None or isinstance(value, bool) else str(value)


def _emit(nodes: list[Node], context: dict[str, Any], budget: _Budget, out: list[str]) -> None:
    for node in nodes:
        if isinstance(node, str):
            out.append(budget.spend(node))
        elif isinstance(node, Value):
            out.append(budget.spend(_value(context, node.key)))
        else:
            chosen = bool(context.get(node.key)) != node.negate
            _emit(node.then if chosen else node.otherwise, context, budget, out)


def render_nodes(nodes: list[Node], context: dict[str, Any]) -> str:
    out: list[str] = []
    _emit(nodes, context, _Budget(), out)
    return "".join(out)


def render_text(source: str, context: dict[str, Any]) -> str:
    """The wording filled in from a letter context (WordingError if it is invalid)."""
    return render_nodes(parse(source), context)


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
