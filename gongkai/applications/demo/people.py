"""Who appears in the demo: staff of the seed agencies, and applicants with
identity numbers and 统一社会信用代码 whose check characters are computed, so
every one of them passes the same validation a real submission does."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from gongkai.core.validators import credit_code_is_valid, resident_id_is_valid

# -- identifiers ------------------------------------------------------------------

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def resident_id(region: str, birth: dt.date, seq: int, female: bool) -> str:
    """GB 11643-1999: region (6), birth date (8), sequence (3, odd for men), check."""
    order = seq * 2 + (0 if female else 1)
    body = f"{region}{birth:%Y%m%d}{order % 1000:03d}"
    check = _ID_CHECK[sum(int(c) * w for c, w in zip(body, _ID_WEIGHTS, strict=True)) % 11]
    value = body + check
    assert resident_id_is_valid(value), value
    return value


_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def _org_code(body: str) -> str:
    """GB 11714 organisation code: 8 characters and a MOD 11 check (X for 10)."""
    total = sum(int(c, 36) * w for c, w in zip(body, _ORG_WEIGHTS, strict=True))
    check = 11 - total % 11
    return body + {10: "X", 11: "0"}.get(check, str(check))


def credit_code(kind: str, region: str, org_body: str) -> str:
    """GB 32100-2015: registration authority + type (2), region (6), organisation
    code (9), MOD 31 check character."""
    body = f"{kind}{region}{_org_code(org_body)}"
    total = sum(_CREDIT_CHARS.index(c) * w for c, w in zip(body, _CREDIT_WEIGHTS, strict=True))
    value = body + _CREDIT_CHARS[(31 - total % 31) % 31]
    assert credit_code_is_valid(value), value
    return value


# -- staff --------------------------------------------------------------------------

DEMO_PASSWORD = "gongkai-demo"


@dataclass(frozen=True)
class Staff:
    username: str
    full_name: str
    agency: str
    role: str


STAFF = [
    Staff("tc_clerk", "陈静怡", "TCBGS", "clerk"),
    Staff("tc_reviewer", "王建国", "TCBGS", "reviewer"),
    Staff("gq_clerk", "沈佳慧", "TCGQ", "clerk"),
    Staff("gq_reviewer", "顾明华", "TCGQ", "reviewer"),
    Staff("sz_clerk", "刘思远", "SZBGS", "clerk"),
    Staff("sz_reviewer", "周立新", "SZBGS", "reviewer"),
    Staff("cs_clerk", "钱晓雯", "CS", "clerk"),
    Staff("cs_reviewer", "蒋海涛", "CS", "reviewer"),
    Staff("tc_admin", "朱卫东", "TC", "admin"),
    Staff("sz_supervisor", "孙丽华", "SZ", "supervisor"),
]

# -- applicants ---------------------------------------------------------------------


@dataclass(frozen=True)
class Applicant:
    """The intake fields of one applicant (intake.APPLICANT_FIELDS)."""

    name: str
    fields: dict[str, str] = field(default_factory=dict)

    def data(self, description: str, **extra: str) -> dict[str, str]:
        return {**self.fields, "applicant_name": self.name, "description": description, **extra}


TC, CSR, GS, WZ, KS = "320585", "320581", "320508", "320506", "320583"  # 太仓 常熟 姑苏 吴中 昆山
POSTCODES = {TC: "215400", CSR: "215500", GS: "215000", WZ: "215100", KS: "215300"}


def person(
    name: str,
    region: str,
    birth: str,
    seq: int,
    female: bool,
    phone: str,
    address: str,
    email: str = "",
    delivery: str = "post",
) -> Applicant:
    return Applicant(
        name,
        {
            "applicant_type": "natural",
            "id_type": "resident_id",
            "id_number": resident_id(region, dt.date.fromisoformat(birth), seq, female),
            "phone": phone,
            "email": email,
            "address": address,
            "postcode": POSTCODES[region],
            "requested_form": "electronic" if delivery == "email" else "paper",
            "requested_delivery": delivery,
        },
    )


def organisation(
    name: str,
    applicant_type: str,
    code: str,
    contact: str,
    representative: str,
    phone: str,
    address: str,
    email: str = "",
    delivery: str = "post",
) -> Applicant:
    return Applicant(
        name,
        {
            "applicant_type": applicant_type,
            "credit_code": code,
            "legal_representative": representative,
            "contact_person": contact,
            "phone": phone,
            "email": email,
            "address": address,
            "postcode": "215400"
            if "太仓" in address
            else "215500"
            if "常熟" in address
            else "215000",
            "requested_form": "electronic" if delivery == "email" else "paper",
            "requested_delivery": delivery,
        },
    )


PEOPLE = {
    "zhang": person(
        "张明",
        TC,
        "1985-03-12",
        51,
        False,
        "13812345678",
        "江苏省太仓市城厢镇人民南路16号",
        "zhangming@example.com",
        "email",
    ),
    "lu": person(
        "陆雪芳",
        TC,
        "1972-11-05",
        42,
        True,
        "13962638125",
        "江苏省太仓市城厢镇上海东路88号3幢",
        "luxuefang@example.com",
        "email",
    ),
    "zhu": person(
        "朱永康", TC, "1958-07-21", 17, False, "13584932076", "江苏省太仓市浮桥镇新港路12号"
    ),
    "qian": person(
        "钱国良", KS, "1966-02-14", 33, False, "15950012386", "江苏省昆山市玉山镇前进西路308号"
    ),
    "ma": person(
        "马晓东",
        GS,
        "1990-09-30",
        64,
        False,
        "18962118807",
        "江苏省苏州市姑苏区干将西路1120号",
        "maxiaodong@example.com",
        "email",
    ),
    "huang": person(
        "黄伟", TC, "1981-05-03", 29, False, "13771721544", "江苏省太仓市沙溪镇白云中路35号"
    ),
    "zhou": person(
        "周立军",
        TC,
        "1977-12-19",
        8,
        False,
        "13915795520",
        "江苏省太仓市娄东街道朝阳路57号",
        "zhoulijun@example.com",
        "email",
    ),
    "wang": person(
        "王志强", TC, "1969-04-08", 46, False, "13806228391", "江苏省太仓市城厢镇东林村十一组23号"
    ),
    "xu": person(
        "徐美娟", TC, "1983-08-26", 71, True, "15850398827", "江苏省太仓市城厢镇弇山西路19号"
    ),
    "pu": person(
        "浦建新", TC, "1955-01-17", 5, False, "0512-53571286", "江苏省太仓市城厢镇南园西路6号"
    ),
    "shen": person(
        "沈海燕",
        TC,
        "1988-06-11",
        38,
        True,
        "13584826019",
        "江苏省太仓市浏河镇郑和中路22号",
        "shenhaiyan@example.com",
        "email",
    ),
    "jin": person(
        "金志华", TC, "1962-10-02", 22, False, "13962667810", "江苏省太仓市城厢镇太平南路40号"
    ),
    "wu": person(
        "吴秀英", TC, "1970-03-28", 60, True, "13913718492", "江苏省太仓市城厢镇新华西路128号"
    ),
    "yang": person(
        "杨帆",
        WZ,
        "1995-12-09",
        15,
        False,
        "17751159663",
        "江苏省苏州市吴中区东吴北路98号",
        "yangfan@example.com",
        "email",
    ),
    "shao": person(
        "邵玉兰", TC, "1964-07-15", 80, True, "13451680235", "江苏省太仓市城厢镇县府西街31号"
    ),
    "chen": person(
        "陈伟民", TC, "1959-09-09", 12, False, "13338020617", "江苏省太仓市城厢镇东林村八组7号"
    ),
    "li": person("李娜", TC, "1992-02-25", 47, True, "18800621759", "江苏省太仓市城厢镇北门街14号"),
    "gong": person(
        "龚丽萍",
        TC,
        "1986-11-30",
        25,
        True,
        "13862235418",
        "江苏省太仓市城厢镇常胜南路71号",
        "gongliping@example.com",
        "email",
    ),
    "gu": person(
        "顾建平",
        TC,
        "1975-06-06",
        3,
        False,
        "13506220938",
        "江苏省太仓市城厢镇府南街9号",
        "gujianping@example.com",
        "email",
    ),
    "sun": person(
        "孙海峰",
        CSR,
        "1980-01-22",
        36,
        False,
        "13951128475",
        "江苏省常熟市虞山街道海虞北路75号",
        "sunhaifeng@example.com",
        "email",
    ),
    "tang": person(
        "唐秋萍", CSR, "1976-09-14", 58, True, "13773016242", "江苏省常熟市莫城街道湖鹤村三组18号"
    ),
    "xie": person(
        "谢振东",
        CSR,
        "1984-04-19",
        21,
        False,
        "15151690372",
        "江苏省常熟市琴川街道枫林路33号",
        "xiezhendong@example.com",
        "email",
    ),
    "ye": person(
        "叶文斌",
        GS,
        "1979-08-08",
        44,
        False,
        "13706213350",
        "江苏省苏州市姑苏区三香路1088号",
        "yewenbin@example.com",
        "email",
    ),
    "pan": person(
        "潘晓琳",
        GS,
        "1991-03-03",
        67,
        True,
        "18625098143",
        "江苏省苏州市姑苏区十全街265号",
        "panxiaolin@example.com",
        "email",
    ),
}

ORGS = {
    "logistics": organisation(
        "太仓港鑫物流有限公司",
        "commercial",
        credit_code("91", TC, "MA1MQB2E"),
        "顾晓峰",
        "顾振华",
        "0512-53186620",
        "江苏省太仓市浮桥镇太仓港区北环路16号",
        "gangxin@example.com",
    ),
    "realty": organisation(
        "苏州金阊置业发展有限公司",
        "commercial",
        credit_code("91", GS, "MA1W7L3C"),
        "蔡敏",
        "蔡国庆",
        "0512-65213380",
        "江苏省苏州市姑苏区金阊大道288号",
        "jcrealty@example.com",
        "email",
    ),
    "dyeing": organisation(
        "常熟市虞城纺织印染有限公司",
        "commercial",
        credit_code("91", CSR, "13844M1R"),
        "邹建伟",
        "邹明",
        "0512-52381165",
        "江苏省常熟市辛庄镇工业园纬三路6号",
    ),
    "institute": organisation(
        "苏州城市发展研究院",
        "research",
        credit_code("12", "320500", "46632710"),
        "韩雪",
        "吴正平",
        "0512-65112703",
        "江苏省苏州市姑苏区道前街170号",
        "research@example.com",
        "email",
    ),
    "green": organisation(
        "常熟市虞山环保志愿者协会",
        "social",
        credit_code("51", CSR, "MJ5624K1"),
        "许佳",
        "许文涛",
        "13606239457",
        "江苏省常熟市虞山街道书院街52号",
        "yushangreen@example.com",
        "email",
    ),
    "lawfirm": organisation(
        "江苏娄东律师事务所",
        "legal_service",
        credit_code("31", "320000", "E2K7L04M"),
        "邱律师",
        "邱志刚",
        "0512-53376688",
        "江苏省太仓市城厢镇上海东路1号",
        "loudonglaw@example.com",
        "email",
    ),
    "szlaw": organisation(
        "江苏姑苏明理律师事务所",
        "legal_service",
        credit_code("31", "320000", "D71Q38XA"),
        "严律师",
        "严若冰",
        "0512-68253301",
        "江苏省苏州市姑苏区人民路1668号",
        "mingli@example.com",
        "email",
    ),
    "village": organisation(
        "太仓市城厢镇东林村股份经济合作社",
        "other",
        credit_code("N2", TC, "MF1A83R2"),
        "陈村委",
        "陈建军",
        "0512-53652210",
        "江苏省太仓市城厢镇东林村村委会",
    ),
}
