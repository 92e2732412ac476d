"""Rebuild the catalogue's search rows from the published items, with a progress bar."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from gongkai.catalog import search


class Command(BaseCommand):
    help = "重建公开目录全文检索索引"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--batch", type=int, default=500)

    def handle(self, *args: Any, batch: int, **options: Any) -> None:
        def progress(done: int, total: int) -> None:
            width = 30
            filled = width * done // max(total, 1)
            bar = "█" * filled + "·" * (width - filled)
            self.stdout.write(f"\r[{bar}] {done}/{total}", ending="")
            self.stdout.flush()

        with transaction.atomic():
            count = search.reindex(progress, batch=batch)
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"已建立索引：{count} 条"))
