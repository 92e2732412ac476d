"""Run background jobs: `manage.py run_worker` beside the web server (one or more of them).

On the database queue (the default) it loops: queue again the jobs whose worker
died (core.jobs.requeue_stale), then run every ready job, then wait. With
REDIS_URL set it hands over to RQ's worker after the same recovery pass; run it
on as many machines as needed. `--once` runs what is ready and stops (tests, cron).
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from gongkai.core import jobs


class Command(BaseCommand):
    help = "运行后台任务（生成文书、发送邮件、读取年度报告）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="运行已就绪的任务后退出")
        parser.add_argument("--interval", type=float, default=1.0, help="无任务时的等待秒数")

    def handle(self, *args: Any, once: bool = False, interval: float = 1.0, **options: Any) -> None:
        verbosity = options.get("verbosity", 1)
        if jobs.queue_outside_database():
            jobs.requeue_stale()
            # RQ must build its jobs with the django-tasks class, which records their results.
            job_class = "django_tasks_rq.backend.Job"
            call_command(
                "rqworker", "default", burst=once, job_class=job_class, verbosity=verbosity
            )
            return
        while True:
            requeued = jobs.requeue_stale()
            if requeued:
                self.stdout.write(f"requeued {requeued} job(s) whose worker stopped")
            call_command("db_worker", batch=True, startup_delay=False, verbosity=verbosity)
            if once:
                return
            time.sleep(interval)
