"""Private files (identity scans, corrections) are readable by the service
account only: files 0600 in folders 0700, whatever the process umask says.

`write_private` is the one way to store such a file; `secure_tree` tightens
files written before this rule and runs after every `migrate`."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.conf import settings

FILE_MODE = 0o600
DIR_MODE = 0o700


def write_private(path: Path, data: bytes) -> None:
    _make_dirs(path.parent)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.chmod(path, FILE_MODE)  # O_CREAT's mode is filtered by the umask


def _make_dirs(folder: Path) -> None:
    root = Path(settings.PRIVATE_MEDIA_ROOT)
    folder.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    for parent in [folder, *folder.parents]:
        if parent == root.parent:
            break
        os.chmod(parent, DIR_MODE)


def secure_tree(root: Path | None = None) -> int:
    """Tighten every folder and file under PRIVATE_MEDIA_ROOT; returns how many changed."""
    root = Path(root or settings.PRIVATE_MEDIA_ROOT)
    if not root.exists():
        return 0
    changed = _chmod(root, DIR_MODE)
    for folder, dirs, files in os.walk(root):
        changed += sum(_chmod(Path(folder) / d, DIR_MODE) for d in dirs)
        changed += sum(_chmod(Path(folder) / f, FILE_MODE) for f in files)
    return changed


def _chmod(path: Path, mode: int) -> int:
    if path.stat().st_mode & 0o777 == mode:
        return 0
    os.chmod(path, mode)
    return 1


def secure_after_migrate(sender: Any, **kwargs: Any) -> None:
    secure_tree()
