"""Demo data built from the seed documents (`make demo` runs it after migrate).

    manage.py seed_demo                      agencies, demo logins, and the cases (once)
    manage.py seed_demo --reset              delete the seed agencies' cases and tell them again
    manage.py seed_demo --url http://host/   the address to print
    manage.py seed_demo --without-ledgers    skip the two 2019 annual-report case ledgers

Idempotent: agencies and users are created or updated on every run (every demo
password is reset to `gongkai-demo`); the cases are built once, through the
services, with the clock moved to each step so that every case has its real
history, letters and deadlines on the real calendar. Prints the URL, the demo
logins and a few tracking codes. Demo databases only.
"""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from gongkai.agencies.models import Role

from ...demo import DEMO_PASSWORD, DemoResult, build


class Command(BaseCommand):
    help = "生成演示数据：机关、各角色演示账号，以及各种状态和答复类型的申请。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--reset", action="store_true", help=_("删除演示机关的申请后重新生成"))
        parser.add_argument("--url", default="http://127.0.0.1:8000/", help=_("打印的网站地址"))
        # The ledgers register ~450 cases and render ~420 reply letters (PDF): minutes.
        parser.add_argument(
            "--without-ledgers", action="store_true", help=_("不生成 2019 年度报告演示台账")
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        try:
            result = build(reset=opts["reset"])
        except ImportError as exc:
            raise CommandError(
                _("生成演示数据需要开发依赖 time-machine，请先执行 pip install -e '.[dev]'。")
            ) from exc
        self._summary(result)
        from gongkai.reports.demo import load_seed_reports

        reports = load_seed_reports()
        self.stdout.write(_("年度报告审查：已载入 %(n)d 份种子年度报告。") % {"n": reports})
        if not opts["without_ledgers"]:
            from gongkai.reports.annual.demo import load_seed_ledgers

            cases = load_seed_ledgers()
            self.stdout.write(_("年度报告演示台账：新登记 %(n)d 件 2019 年申请。") % {"n": cases})
        # 主动公开 (gongkai.catalog): the work plan, its interpretation, every category.
        call_command("seed_catalog", stdout=self.stdout)
        # 工作要点 (gongkai.reports.workplan): the work plan's tasks and the agencies' progress.
        call_command("seed_workplan", stdout=self.stdout)
        self._logins(result, opts["url"].rstrip("/") + "/")

    def _summary(self, r: DemoResult) -> None:
        if r.created:
            self.stdout.write(
                _(
                    "已生成演示数据：%(cases)d 件申请，%(letters)d 份文书，%(steps)d 个办理步骤，"
                    "%(mails)d 封通知邮件（演示中未发送），用时 %(s).1f 秒。"
                )
                % {
                    "cases": r.cases,
                    "letters": r.letters,
                    "steps": r.steps,
                    "mails": r.mails,
                    "s": r.seconds,
                }
            )
        else:
            self.stdout.write(_("演示申请已存在，未重复生成（如需重建请加 --reset）。"))

    def _logins(self, r: DemoResult, url: str) -> None:
        w = self.stdout.write
        w("")
        w(_("网站：%(u)s（公众门户）  %(u)soffice/（工作平台）") % {"u": url})
        w(_("演示账号（密码均为 %(p)s）：") % {"p": DEMO_PASSWORD})
        for who, agency in r.staff:
            role = Role(who.role).label
            w(f"  {who.username:<14} {who.full_name:<4}\u3000{role:<5}\u3000{agency}")
        if r.showcase:
            w(_("办理查询演示（%(u)strack/）：") % {"u": url})
            for number, code, what in r.showcase:
                w(f"  {number}  {_('查询码')} {code}  （{what}）")
