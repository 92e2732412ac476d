"""Cases driven through the services to the state each letter speaks about,
and readers that open the issued DOCX and PDF the way an applicant would."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.applications import services
from gongkai.applications.decisions import Decision
from gongkai.applications.letters.issue import issue_letter
from gongkai.applications.models import Opinion

RECEIVED = dt.date(2025, 9, 26)
REPLIED = dt.date(2025, 10, 24)

# What the clerk enters for each decision (propose_decision keyword arguments).
D = Decision
DECISION_INPUT: dict[str, dict] = {
    D.ALREADY_PUBLIC: {
        "reason": "该文件已于2025年8月1日在太仓市人民政府网站“政府信息公开—规划计划”栏目主动公开。"
    },
    D.DISCLOSE: {"provided_form": "electronic", "reason": "文件共3页。"},
    D.PARTIAL: {
        "provided_form": "electronic",
        "grounds": ["process_info"],
        "reason": "批复文件附件中的专家评审意见属于过程性信息，已作遮盖处理。",
    },
    D.DENY_STATE_SECRET: {"reason": "该文件已依法定密为秘密级，保密期限十年。"},
    D.DENY_LAW_FORBIDS: {"reason": "《中华人民共和国统计法》第三十九条禁止公开个体统计资料。"},
    D.DENY_FOUR_SECURITIES: {
        "reason": "该信息涉及重要水源地防护设施布局，公开后可能危及公共安全。"
    },
    D.DENY_THIRD_PARTY: {"reason": "该信息包含投标企业的报价构成，属于商业秘密。"},
    D.DENY_INTERNAL_AFFAIRS: {"reason": "所申请的是本机关的车辆调度记录，属于后勤管理信息。"},
    D.DENY_PROCESS_INFO: {"reason": "所申请的是会议讨论记录，属于过程性信息。"},
    D.DENY_ENFORCEMENT_FILE: {"reason": "所申请的是行政处罚案件的调查笔录，属于行政执法案卷信息。"},
    D.SPECIAL_LAW_QUERY: {
        "reason": "请依照《不动产登记暂行条例》及其实施细则的规定，向不动产登记机构申请查询。"
    },
    D.NOT_EXIST: {"reason": "本机关检索了2024年至2025年的发文目录和档案，未找到该文件。"},
    D.NOT_OUR_INFO: {"responsible_organ": "太仓市交通运输局（联系电话：0512-53520000）"},
    D.NEEDS_CREATION: {"reason": "申请所需的统计汇总表需要对多年的项目档案进行汇总分析。"},
    D.UNCLEAR_AFTER_CORRECTION: {"reason": "补正后仍未写明所需文件的名称或者文号。"},
    D.PETITION: {"reason": "你可以通过太仓市12345政务服务便民热线反映。"},
    D.REPEAT: {"reason": "本机关已于2025年6月3日以太仓市政府办依申复〔2025〕21号作出答复。"},
    D.PUBLICATION: {"reason": "该期《太仓市人民政府公报》可在太仓市图书馆查阅。"},
    D.UNREASONABLE_MASS: {"reason": "你在一个月内就同类事项提出申请五十余件。"},
    D.CONFIRM_REISSUE: {"reason": "你要求本机关确认你已持有的批复文件复印件的真实性。"},
}


@pytest.fixture
def new_case(agencies, clerk, applicant_data):
    """A factory of fresh in-person applications to 太仓市人民政府办公室."""

    def make(data=None, agency="TCBGS"):
        app, _code = services.register(
            clerk, agencies[agency], data or applicant_data, "in_person", RECEIVED
        )
        return app

    return make


@pytest.fixture
def replied(new_case, clerk, reviewer):
    """Drive a fresh case to a reply of `decision`; returns (case, reply letter)."""

    def drive(decision: str, data=None, **overrides):
        app = new_case(data)
        _prepare(app, decision, clerk)
        kwargs = {**DECISION_INPUT[decision], **overrides}
        services.propose_decision(clerk, app, decision, **kwargs)
        services.approve_decision(reviewer, app, REPLIED)
        return app, app.letters.get(kind="reply")

    return drive


def _prepare(app, decision, clerk):
    """Steps some decisions need before they can be proposed."""
    if decision == D.UNCLEAR_AFTER_CORRECTION:
        services.request_correction(
            clerk, app, "请写明所需文件的名称或者文号", dt.date(2025, 9, 28)
        )
        services.receive_correction(clerk, app, dt.date(2025, 10, 9), "城区道路的那个文件")
    if decision == D.DENY_THIRD_PARTY:
        c = services.start_consultation(
            clerk, app, "third_party", "太仓某某建设有限公司", dt.date(2025, 9, 29)
        )
        services.record_opinion(clerk, c, Opinion.OBJECT, dt.date(2025, 10, 10), "涉及商业秘密")


@pytest.fixture
def issue(clerk):
    def make(app, kind, on=REPLIED, consultation=None, reason="按测试重新出具"):
        # A reason is needed only when the case already has the kind (the earlier is voided).
        return issue_letter(
            clerk, app, kind, issued_on=on, consultation=consultation, reason=reason
        )

    return make
