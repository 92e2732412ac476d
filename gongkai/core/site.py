"""The public site as a 政府网站: who runs it (settings) and how the reader wants it shown.

`site_info()` reads the GONGKAI_SITE_* settings (the host government's name for the
header; 主办单位, 网站标识码 and the ICP / 公安 filing numbers for the footer, each shown
only when set). `Display` is the reader's 长者模式 and font size, kept in one cookie so
that they work without JavaScript (portal.md §3.2: page zoom and large text that do not
rely on the browser). A page whose look depends on that cookie must say `Vary: Cookie`,
or a shared cache would hand one reader's large-type page to the next.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers

DISPLAY_COOKIE = "gk_display"
MODES = ("standard", "elder")
# A- / A / A+: steps of the page zoom, 0 is the normal size.
SIZE_MIN, SIZE_MAX = -1, 3


@dataclass(frozen=True)
class SiteInfo:
    name: str
    host: str
    organiser: str
    domain: str
    id_code: str
    icp: str
    psb: str
    contact: str
    phone: str
    email: str

    @property
    def psb_number(self) -> str:
        """The digits of 「苏公网安备 32058502000001号」, for the beian.mps.gov.cn link."""
        return "".join(ch for ch in self.psb if ch.isdigit())


def site_info() -> SiteInfo:
    return SiteInfo(
        name=settings.GONGKAI_SITE_NAME,
        host=settings.GONGKAI_SITE_HOST,
        organiser=settings.GONGKAI_SITE_ORGANISER,
        domain=settings.GONGKAI_SITE_DOMAIN,
        id_code=settings.GONGKAI_SITE_ID_CODE,
        icp=settings.GONGKAI_SITE_ICP,
        psb=settings.GONGKAI_SITE_PSB,
        contact=settings.GONGKAI_SITE_CONTACT,
        phone=settings.GONGKAI_SITE_PHONE,
        email=settings.GONGKAI_SITE_EMAIL,
    )


@dataclass(frozen=True)
class Display:
    mode: str = "standard"
    size: int = 0

    @property
    def elder(self) -> bool:
        return self.mode == "elder"

    @property
    def size_class(self) -> str:
        """`fs-p1` for one step up (A+), `fs-m1` for one down (A-), "" at the normal size."""
        if not self.size:
            return ""
        return f"fs-{'p' if self.size > 0 else 'm'}{abs(self.size)}"

    def encode(self) -> str:
        return f"{self.mode}.{self.size}"

    def with_size(self, step: str) -> Display:
        size = {"up": self.size + 1, "down": self.size - 1}.get(step, 0)
        return Display(self.mode, max(SIZE_MIN, min(SIZE_MAX, size)))

    def with_mode(self, mode: str) -> Display:
        return Display(mode if mode in MODES else "standard", self.size)


def parse_display(raw: str | None) -> Display:
    """The cookie's value; anything malformed is the standard display."""
    mode, _sep, size = (raw or "").partition(".")
    if mode not in MODES:
        return Display()
    try:
        number = int(size)
    except ValueError:
        number = 0
    return Display(mode, max(SIZE_MIN, min(SIZE_MAX, number)))


def display_for(request: HttpRequest | None) -> Display:
    if request is None:
        return Display()
    request._display_read = True  # type: ignore[attr-defined]  # see VaryOnDisplayMiddleware
    return parse_display(request.COOKIES.get(DISPLAY_COOKIE))


def context(request: HttpRequest | None) -> dict[str, Any]:
    """Context processor: `site` for header and footer, `display` for the page's classes."""
    return {"site": site_info(), "display": display_for(request)}


class VaryOnDisplayMiddleware:
    """Adds `Vary: Cookie` to every response whose page read the display cookie."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if getattr(request, "_display_read", False):
            patch_vary_headers(response, ("Cookie",))
        return response
