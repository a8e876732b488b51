"""The CJK fonts the report is set in, found through fontconfig (the library pango, and so
WeasyPrint, chooses fonts with), or a refusal to make a report that would print boxes.

A fresh Debian machine has no CJK font: pango would then fall back to a Latin font and every
Chinese character would come out as an empty box, silently. So before anything is laid out the
report asks fontconfig for fonts that cover Simplified Chinese (`:lang=zh-cn`) and stops with
MissingFont when there is none; ./scripts/demo and ./scripts/test install Debian's fonts-noto-cjk.
The families found are named explicitly in the stylesheet and the charts, so the font checked is
the font used.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import hashlib
import os
from dataclasses import dataclass
from functools import lru_cache

# preferred families, best first: a Song (serif) face for the text, a Hei (sans) face for headings,
# as Chinese reports are set; any other family covering Simplified Chinese comes after these
SERIF = ("Noto Serif CJK SC", "Source Han Serif SC", "Source Han Serif CN", "Noto Serif SC", "AR PL UMing CN", "SimSun")
SANS = ("Noto Sans CJK SC", "Source Han Sans SC", "Source Han Sans CN", "Noto Sans SC", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei",
        "Droid Sans Fallback", "Microsoft YaHei", "SimHei")

MISSING = ("找不到覆盖简体中文的字体，报告中的汉字会印成方框，因此未生成报告。请安装 fonts-noto-cjk"
           "（Debian：apt-get install fonts-noto-cjk；./scripts/demo 以 root 运行时会安装）后重试。 / "
           "No font covering Simplified Chinese was found: the report would print boxes instead of Chinese characters, "
           "so none was made. Install fonts-noto-cjk (Debian: apt-get install fonts-noto-cjk; ./scripts/demo installs it "
           "when run as root) and try again.")


class MissingFont(Exception):
    def __init__(self, detail: str = ""):
        super().__init__(MISSING + (f"\n({detail})" if detail else ""))


@dataclass(frozen=True)
class FontChoice:
    body: str  # the family of the running text
    heading: str  # the family of headings, tables and charts
    files: tuple[str, ...]  # the font files of the chosen families

    @property
    def stack(self) -> str:
        """A CSS font-family list: the chosen families first, then any sans-serif."""
        return ", ".join(f'"{f}"' for f in dict.fromkeys((self.body, self.heading))) + ", sans-serif"

    def fingerprint(self) -> str:
        """Changes when a chosen family or one of its files changes: the report's bytes would too."""
        h = hashlib.sha256(f"{self.body}\n{self.heading}\n".encode())
        for path in self.files:
            try:
                st = os.stat(path)
                h.update(f"{path}\n{st.st_size}\n{st.st_mtime_ns}\n".encode())
            except OSError:
                h.update(f"{path}\n-\n".encode())
        return h.hexdigest()


def choose_fonts() -> FontChoice:
    """The families to set the report in; MissingFont if fontconfig knows no CJK font."""
    found = cjk_families()
    if not found:
        raise MissingFont()
    body = next((f for f in SERIF + SANS if f in found), sorted(found)[0])
    heading = next((f for f in SANS if f in found), body)
    return FontChoice(body, heading, tuple(sorted({*found[body], *found[heading]})))


@lru_cache(maxsize=1)
def cjk_families() -> dict[str, tuple[str, ...]]:
    """family → its font files, for every font fontconfig says covers Simplified Chinese.
    Read once per process (FONTCONFIG_FILE and the font folders are read when it starts)."""
    try:
        fc = _fontconfig()
    except OSError as exc:
        raise MissingFont(f"fontconfig: {exc}") from None
    pattern = fc.FcNameParse(b":lang=zh-cn")
    objects = fc.FcObjectSetCreate()
    for name in (b"family", b"file"):
        fc.FcObjectSetAdd(objects, name)
    fontset = fc.FcFontList(None, pattern, objects)
    found: dict[str, set[str]] = {}
    try:
        if fontset:
            fs = fontset.contents
            for i in range(fs.nfont):
                font = fs.fonts[i]
                file = _string(fc, font, b"file", 0)
                n = 0
                while (family := _string(fc, font, b"family", n)) is not None:  # a font may name its family in several languages
                    found.setdefault(family, set()).add(file or "")
                    n += 1
    finally:
        if fontset:
            fc.FcFontSetDestroy(fontset)
        fc.FcObjectSetDestroy(objects)
        fc.FcPatternDestroy(pattern)
    return {family: tuple(sorted(files)) for family, files in sorted(found.items())}


class _FontSet(ctypes.Structure):
    _fields_ = [("nfont", ctypes.c_int), ("sfont", ctypes.c_int), ("fonts", ctypes.POINTER(ctypes.c_void_p))]


def _fontconfig():
    lib = ctypes.CDLL(ctypes.util.find_library("fontconfig") or "libfontconfig.so.1")
    lib.FcNameParse.restype = ctypes.c_void_p
    lib.FcNameParse.argtypes = [ctypes.c_char_p]
    lib.FcObjectSetCreate.restype = ctypes.c_void_p
    lib.FcObjectSetAdd.argtypes = [ctypes.c_void_p, ctypes.c_char_p]
    lib.FcFontList.restype = ctypes.POINTER(_FontSet)
    lib.FcFontList.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p]
    lib.FcPatternGetString.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int, ctypes.POINTER(ctypes.c_char_p)]
    lib.FcFontSetDestroy.argtypes = [ctypes.POINTER(_FontSet)]
    lib.FcObjectSetDestroy.argtypes = [ctypes.c_void_p]
    lib.FcPatternDestroy.argtypes = [ctypes.c_void_p]
    return lib


def _string(fc, pattern, name: bytes, n: int) -> str | None:
    out = ctypes.c_char_p()
    if fc.FcPatternGetString(pattern, name, n, ctypes.byref(out)) != 0:  # FcResultMatch
        return None
    return out.value.decode("utf-8", "replace")
