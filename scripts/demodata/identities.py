"""Invented but valid identities: unified social credit codes (USCC) and enterprise names."""

from __future__ import annotations

import random

from generator.validate import check_character
# not among generator.validate's public names; the one definition of the GB 32100 code alphabet
from generator.validate.uscc import ALPHABET as USCC_ALPHABET

from .library import BRAND_FIRST, BRAND_SECOND


def org_code_check(body8: str) -> str:
    """GB 11714 check character of an 8-character organisation code (USCC positions 9-16)."""
    weights = (3, 7, 9, 10, 5, 8, 4, 2)
    total = sum((int(c) if c.isdigit() else ord(c) - 55) * w for c, w in zip(body8, weights))
    c9 = 11 - total % 11
    return "X" if c9 == 10 else "0" if c9 == 11 else str(c9)


def make_uscc(rng: random.Random, area_codes: list[str], taken: set[str]) -> str:
    """'91' (enterprise) + area code + organisation code (8 + check) + GB 32100 check character.
    Codes issued after 2015 in Yunnan begin 'MA6'; older firms carry their old numeric code."""
    while True:
        if rng.random() < 0.55:
            body = "MA6" + "".join(rng.choice(USCC_ALPHABET) for _ in range(5))
        else:
            body = str(rng.randint(1, 9)) + "".join(rng.choice("0123456789") for _ in range(7))
        first17 = "91" + rng.choice(area_codes) + body + org_code_check(body)
        code = first17 + check_character(first17)
        if code not in taken:
            taken.add(code)
            return code


def make_name(rng: random.Random, profile: dict, arch: dict, big: bool, brands: set[str]) -> str:
    """An invented brand from rare characters, so the names do not belong to real companies;
    one brand per enterprise within a park. A profile may bring its own, larger character sets
    (`brand_first`, `brand_second`) when a park has more enterprises than the default 20 x 18
    brands can name."""
    first, second = profile.get("brand_first", BRAND_FIRST), profile.get("brand_second", BRAND_SECOND)
    if len(brands) >= len(first) * len(second):
        raise ValueError(f"{len(brands)} brands already used: too many enterprises for brand_first x brand_second")
    while True:
        brand = rng.choice(first) + rng.choice(second)
        if brand not in brands:
            brands.add(brand)
            break
    suffix = rng.choice(["股份有限公司", "有限责任公司"]) if big else "有限公司"
    return f"{rng.choice(profile['name_prefixes'])}{brand}{rng.choice(arch['words'])}{suffix}"
