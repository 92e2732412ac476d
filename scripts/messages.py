#!/usr/bin/env python3
"""The zh_Hans message catalogue: rebuild it, or check that it is up to date (CI).

    python scripts/messages.py update   makemessages → fill → compilemessages
    python scripts/messages.py check    rebuild into a temporary copy and diff (header dates ignored)

Source strings are written in Chinese (zh-hans), so the zh_Hans catalogue is complete
when every msgstr repeats its msgid: gettext's `msgen` fills the empty ones, and a
translator may still give a different wording (makemessages keeps it; when the source
string changes, the old wording is dropped rather than kept as a fuzzy guess). Locations are left out
(--no-location) so moving code does not make the catalogue stale; new, changed or
removed strings do.
"""

from __future__ import annotations

import difflib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "gongkai"
LOCALE = PACKAGE / "locale"
PO = Path("zh_Hans/LC_MESSAGES/django.po")
DATES = re.compile(r'^"(POT-Creation-Date|PO-Revision-Date): .*\\n"$', re.M)


def build(locale: Path) -> None:
    """makemessages over gongkai/ into `locale`, then every empty msgstr := msgid."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "gongkai.settings",
        "GONGKAI_LOCALE": str(locale),
    }
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run(
        [
            *manage,
            "makemessages",
            "-l",
            "zh_Hans",
            "--no-location",
            "--no-obsolete",
            "-i",
            "migrations/*",
            "-v",
            "0",
        ],
        cwd=PACKAGE,
        env=env,
        check=True,
    )
    po = locale / PO
    # A changed source string comes back fuzzy with the old wording: empty it, then fill it.
    subprocess.run(
        ["msgattrib", "--clear-fuzzy", "--clear-previous", "--empty", "-o", str(po), str(po)],
        check=True,
    )
    subprocess.run(["msgen", "--no-location", "-o", str(po), str(po)], check=True)
    po.write_text(_header(po.read_text(encoding="utf-8")), encoding="utf-8")


def _header(text: str) -> str:
    """makemessages leaves a template header marked fuzzy, which msgfmt would drop."""
    head, sep, rest = text.partition('msgid ""\nmsgstr ""\n')
    head = "# gongkai: 政府信息公开平台 — zh-hans catalogue (sources are zh-hans).\n"
    rest = rest.replace(
        '"Project-Id-Version: PACKAGE VERSION\\n"', '"Project-Id-Version: gongkai\\n"'
    )
    rest = rest.replace('"Language: \\n"', '"Language: zh_Hans\\n"')
    return head + sep + rest


def update() -> int:
    build(LOCALE)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "gongkai.settings"}
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "compilemessages", "-l", "zh_Hans", "-v", "0"],
        cwd=PACKAGE,
        env=env,
        check=True,
    )
    print(f"updated {LOCALE / PO} and its .mo")
    return 0


def check() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "locale"
        shutil.copytree(LOCALE, copy)
        build(copy)
        old = DATES.sub("", (LOCALE / PO).read_text(encoding="utf-8")).splitlines()
        new = DATES.sub("", (copy / PO).read_text(encoding="utf-8")).splitlines()
    diff = list(difflib.unified_diff(old, new, "committed", "rebuilt", lineterm="", n=1))
    if diff:
        print("\n".join(diff[:80]))
        print("the zh_Hans catalogue is out of date: run `python scripts/messages.py update`")
        return 1
    print("messages ok: the zh_Hans catalogue is up to date")
    return 0


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "check"
    sys.exit({"update": update, "check": check}[command]())
