"""The agencies the seed documents name (苏州 / 太仓 / 常熟), for the demo and tests."""

from __future__ import annotations

from .models import Agency, Level

# (code, name, short, level, parent code, contact details used in letters)
SEED_AGENCIES = [
    (
        "SZ",
        "苏州市人民政府",
        "苏州市政府",
        Level.CITY,
        None,
        "苏州市姑苏区三香路998号",
        "0512-68616001",
        "苏州市人民政府办公室政府信息公开科",
    ),
    (
        "SZBGS",
        "苏州市人民政府办公室",
        "苏州市政府办",
        Level.DEPARTMENT,
        "SZ",
        "苏州市姑苏区三香路998号",
        "0512-68616001",
        "苏州市人民政府办公室政府信息公开科",
    ),
    (
        "TC",
        "太仓市人民政府",
        "太仓市政府",
        Level.COUNTY,
        "SZ",
        "太仓市县府东街99号",
        "0512-53521001",
        "太仓市人民政府办公室政务公开科",
    ),
    (
        "TCBGS",
        "太仓市人民政府办公室",
        "太仓市政府办",
        Level.DEPARTMENT,
        "TC",
        "太仓市县府东街99号",
        "0512-53521001",
        "太仓市人民政府办公室政务公开科",
    ),
    (
        "TCGQ",
        "太仓港经济技术开发区管委会",
        "太仓港区管委会",
        Level.ZONE,
        "TC",
        "太仓市浮桥镇太仓港区管委会大楼",
        "0512-53178001",
        "太仓港经济技术开发区党政办公室",
    ),
    (
        "CS",
        "常熟市人民政府",
        "常熟市政府",
        Level.COUNTY,
        "SZ",
        "常熟市海虞北路1号",
        "0512-52888001",
        "常熟市人民政府办公室政务公开科",
    ),
]

REVIEW_BODY = {
    "SZ": "江苏省人民政府",
    "SZBGS": "苏州市人民政府",
    "TC": "苏州市人民政府",
    "TCBGS": "太仓市人民政府",
    "TCGQ": "太仓市人民政府",
    "CS": "苏州市人民政府",
}
COURT = {
    "SZ": "苏州市中级人民法院",
    "SZBGS": "苏州市姑苏区人民法院",
    "TC": "苏州市中级人民法院",
    "TCBGS": "太仓市人民法院",
    "TCGQ": "太仓市人民法院",
    "CS": "苏州市中级人民法院",
}


def build_seed_tree() -> dict[str, Agency]:
    """Create (or fetch) the seed agencies; returns them by code."""
    out: dict[str, Agency] = {}
    for code, name, short, level, parent, address, phone, office in SEED_AGENCIES:
        agency, _ = Agency.objects.get_or_create(
            code=code,
            defaults=dict(
                name=name,
                short_name=short,
                level=level,
                parent=out.get(parent) if parent else None,
                address=address,
                phone=phone,
                office_name=office,
                office_hours="工作日 8:30-12:00，13:30-17:30",
                postcode="215400" if code.startswith("TC") else "215000",
                review_body=REVIEW_BODY[code],
                court=COURT[code],
            ),
        )
        out[code] = agency
    return out
