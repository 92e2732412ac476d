"""Private files (identity scans, corrections) are readable by the service
account only: files 0600 in folders 0700, whatever the process umask says.

`write_private` is the one way to store such a file; `secure_tree` tightens
files written before this rule and runs after every `migrate`. A large upload
(a province's ZIP) never passes through memory: `PrivateUploadHandler` streams it
straight into a private folder while the request is read."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import TemporaryUploadedFile, UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, TemporaryFileUploadHandler
from django.http import HttpRequest

FILE_MODE = 0o600
DIR_MODE = 0o700


def write_private(path: Path, data: bytes) -> None:
    write_private_chunks(path, [data])


def write_private_chunks(path: Path, chunks: Iterable[bytes]) -> None:
    """Store a private file piece by piece (memory holds one chunk); a new name only."""
    _make_dirs(path.parent)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    with os.fdopen(fd, "wb") as handle:
        for chunk in chunks:
            handle.write(chunk)
    os.chmod(path, FILE_MODE)  # O_CREAT's mode is filtered by the umask


def private_folder(folder: Path) -> Path:
    """`folder` created if need be, it and its parents up to PRIVATE_MEDIA_ROOT 0700."""
    _make_dirs(folder)
    return folder


class PrivateUploadedFile(TemporaryUploadedFile):
    """An upload written to disk in a private folder (not FILE_UPLOAD_TEMP_DIR, often a
    world-readable /tmp); removed, like any temporary upload, when the request ends."""

    def __init__(
        self,
        folder: Path,
        name: str,
        content_type: str,
        size: int,
        charset: str | None,
        content_type_extra: dict[str, bytes] | None = None,
    ) -> None:
        suffix = ".upload" + os.path.splitext(name)[1][:10]
        # mkstemp creates the file 0600 whatever the umask.
        file = tempfile.NamedTemporaryFile(suffix=suffix, dir=private_folder(folder))  # noqa: SIM115  closed (and removed) with the request
        UploadedFile.__init__(self, file, name, content_type, size, charset, content_type_extra)


class PrivateUploadHandler(TemporaryFileUploadHandler):
    """Streams every file of a request to disk in `folder`, whatever its size: memory holds
    one chunk (64 KB), never the file. Set it before the request body is read."""

    def __init__(self, request: HttpRequest, folder: Path) -> None:
        super().__init__(request)
        self.folder = folder

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        FileUploadHandler.new_file(self, *args, **kwargs)
        self.file = PrivateUploadedFile(
            self.folder,
            self.file_name or "upload",
            self.content_type or "application/octet-stream",
            0,
            self.charset,
            self.content_type_extra,
        )


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
