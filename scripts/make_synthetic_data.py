"""Generate a national-scale synthetic data set: N fictional parks x C audit cycles, for load tests.

    python scripts/make_synthetic_data.py --parks 2543 --cycles 3 --enterprises 150 --seed 1 --out /tmp/syn

Every park is invented: ids `syn-00001` …, names `合成园区0001` plus the zone type
(`合成园区0001经济技术开发区`), enterprise names beginning `合成`. The park profiles are drawn the
way the 2018 national catalogue of development zones looks (2,543 zones: 552 national "G" codes,
1,991 provincial "S" codes; zone types, approval dates, areas and leading-industry mixes like the
Yunnan rows in ../shared/domain/yunnan_parks_2018.csv), and the enterprises and every figure come
from the demo generator (the package scripts/demodata/): its archetypes, roster, enterprise-year,
measure and gap functions, so the synthetic packages are shaped like the demo ones and valid
against the same shared schemas. Each park has a few dominant enterprises, a tail drawn from its
leading industries, improvement from cycle to cycle, measures, and some missing values.

The cycles are the C consecutive years ending 2025. The number of enterprises varies from park to
park around `--enterprises` (log-normal, mean ≈ the given number).

Deterministic: park k is drawn from `random.Random` seeded with the seed and the park id alone, so
the same arguments give the same bytes, whatever --jobs is, and park k is the same whatever --parks
is. The whole data set is written into a temporary sibling of --out and swapped in at the end; an
existing --out is replaced only if it is empty or was written by this script (it holds
`synthetic.json`, which also records the arguments and row counts).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import multiprocessing
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:  # run from a checkout without `pip install -e .`
    sys.path.insert(0, str(REPO))

import demodata  # noqa: E402  (scripts/ is on sys.path: this file's folder)
from generator.core import TABLES, build_descriptor  # noqa: E402
from generator.core import descriptor_json as dump_json  # noqa: E402

SEED_PREFIX = "parkaudit-synthetic-v1"
LAST_CYCLE = 2025
MARKER = "synthetic.json"
ID_WIDTH = 5  # syn-00042

# ----------------------------------------------------------------------------------------------
# The catalogue: how the 2018 national list of development zones is made up
# ----------------------------------------------------------------------------------------------

# 2018 catalogue: 552 national zones (G…) and 1,991 provincial ones (S…) = 2,543.
NATIONAL_SHARE = 552 / 2543
NATIONAL_TYPES = [("经济技术开发区", 219), ("高新技术产业开发区", 156), ("海关特殊监管区域", 135),
                  ("边境/跨境经济合作区", 19), ("其他类型开发区", 23)]
PROVINCIAL_TYPES = [("经济开发区", 900), ("工业园区", 850), ("高新技术产业开发区", 150), ("其他类型开发区", 91)]
# province name, GB/T 2260 code, rough weight (number of zones in the catalogue)
PROVINCES = [
    ("北京市", 11, 19), ("天津市", 12, 27), ("河北省", 13, 153), ("山西省", 14, 46), ("内蒙古自治区", 15, 77),
    ("辽宁省", 21, 85), ("吉林省", 22, 60), ("黑龙江省", 23, 77), ("上海市", 31, 59), ("江苏省", 32, 162),
    ("浙江省", 33, 118), ("安徽省", 34, 118), ("福建省", 35, 96), ("江西省", 36, 107), ("山东省", 37, 173),
    ("河南省", 41, 154), ("湖北省", 42, 106), ("湖南省", 43, 129), ("广东省", 44, 132), ("广西壮族自治区", 45, 66),
    ("海南省", 46, 14), ("重庆市", 50, 46), ("四川省", 51, 124), ("贵州省", 52, 73), ("云南省", 53, 63),
    ("西藏自治区", 54, 8), ("陕西省", 61, 47), ("甘肃省", 62, 66), ("青海省", 63, 14), ("宁夏回族自治区", 64, 21),
    ("新疆维吾尔自治区", 65, 70),
]

# Leading industries: the label a catalogue row shows, the archetypes (demodata.ARCHETYPES)
# its dominant enterprises are drawn from, and the mix of the tail.
THEMES = {
    "煤化工": (["coking", "methanol", "chp", "ammonia", "tar"],
            [("coal_fine_chem", 8), ("industrial_gas", 3), ("ash_bricks", 4), ("carbon_products", 2), ("hw_treatment", 1)]),
    "钢铁": (["steel", "steel", "ferroalloy", "steel_rolling"],
           [("steel_rolling", 5), ("ferroalloy", 2), ("slag_processing", 3), ("steel_structure", 5), ("equipment", 4)]),
    "冶金": (["ferroalloy", "steel", "carbon_products"],
           [("ferroalloy", 3), ("steel_rolling", 3), ("slag_processing", 3), ("carbon_products", 2)]),
    "石化": (["refinery", "polymer"],
           [("chem_reagents", 6), ("polymer", 3), ("coatings", 3), ("hw_treatment", 1)]),
    "磷化工": (["phosphate_fert", "yellow_phosphorus", "sulfuric_acid", "phosphate_salts"],
            [("phosphate_salts", 8), ("chem_reagents", 4), ("gypsum_board", 4)]),
    "化工": (["methanol", "polymer", "sulfuric_acid"],
           [("chem_reagents", 6), ("coal_fine_chem", 4), ("coatings", 3), ("industrial_gas", 2)]),
    "精细化工": (["fine_chem", "fragrance"],
             [("fine_chem", 4), ("coatings", 4), ("chem_reagents", 4), ("fragrance", 2)]),
    "食品饮料": (["beer", "beverage", "dairy"],
             [("beverage", 3), ("baijiu", 2), ("food_additive", 4), ("bakery", 4)]),
    "农产品加工": (["dairy", "baijiu"],
              [("bakery", 4), ("food_additive", 3), ("dairy", 2), ("baijiu", 2)]),
    "装备制造": (["vehicles", "mining_machinery"],
             [("auto_parts", 6), ("switchgear", 4), ("steel_structure", 4), ("mining_machinery", 3),
              ("surface_treatment", 1)]),
    "汽车": (["vehicles"], [("auto_parts", 8), ("surface_treatment", 2), ("coatings", 1)]),
    "电子信息": (["switchgear"], [("switchgear", 6), ("surface_treatment", 2), ("auto_parts", 2)]),
    "生物医药": (["pharma", "food_additive"], [("pharma", 6), ("food_additive", 3), ("fine_chem", 1)]),
    "新材料": (["carbon_products", "polymer", "phosphate_salts"],
            [("carbon_products", 2), ("polymer", 2), ("phosphate_salts", 3), ("chem_reagents", 2)]),
    "建材": (["ash_bricks", "gypsum_board"], [("ash_bricks", 4), ("gypsum_board", 4), ("slag_processing", 3)]),
    "能源": (["chp"], [("industrial_gas", 2), ("ash_bricks", 2), ("steel_structure", 1)]),
    "资源循环利用": (["hw_treatment", "slag_processing"], [("slag_processing", 3), ("hw_treatment", 2), ("ash_bricks", 3)]),
}
HEAVY = {"煤化工", "钢铁", "冶金", "石化", "磷化工", "化工", "能源"}
# which leading industries a zone type tends to have (weights)
THEMES_BY_TYPE = {
    "经济技术开发区": {"装备制造": 6, "汽车": 3, "食品饮料": 4, "生物医药": 3, "新材料": 3, "化工": 3, "精细化工": 2,
                "电子信息": 3, "钢铁": 1, "石化": 1, "煤化工": 1, "磷化工": 1},
    "高新技术产业开发区": {"电子信息": 6, "生物医药": 5, "新材料": 5, "装备制造": 5, "汽车": 2, "精细化工": 1},
    "海关特殊监管区域": {"电子信息": 6, "装备制造": 4, "食品饮料": 2, "生物医药": 2},
    "边境/跨境经济合作区": {"农产品加工": 5, "食品饮料": 3, "建材": 2, "装备制造": 2},
    "其他类型开发区": {"农产品加工": 3, "食品饮料": 3, "建材": 2, "资源循环利用": 2, "装备制造": 2},
    "经济开发区": {"装备制造": 5, "农产品加工": 4, "食品饮料": 4, "建材": 3, "化工": 3, "冶金": 2, "新材料": 2,
              "生物医药": 2, "煤化工": 1, "能源": 1, "资源循环利用": 1, "精细化工": 1},
    "工业园区": {"冶金": 4, "化工": 4, "建材": 4, "农产品加工": 4, "煤化工": 2, "磷化工": 2, "钢铁": 2, "能源": 2,
             "装备制造": 3, "资源循环利用": 2, "精细化工": 2, "石化": 1, "食品饮料": 2},
}
# the first digit after the province code in real catalogue codes says the zone type
TYPE_DIGIT = {"经济技术开发区": 1, "高新技术产业开发区": 2, "海关特殊监管区域": 3, "边境/跨境经济合作区": 4,
              "其他类型开发区": 6, "经济开发区": 7, "工业园区": 9}

# rare characters for invented brands: 40 x 40 brands per park, far more than any park needs
BRAND_FIRST = demodata.BRAND_FIRST + "瑷璞琰珲瑄琛璠玥瑾璘苒芃菁蓁萱蕤晗昀暄曦炜烨"
BRAND_SECOND = demodata.BRAND_SECOND + "澍潆濯瀚渟淙洺沣溥泓霖霏雩雯旻昊晔晟骞翀鹍"

# permit exceedances the demo measure library can answer (archetype -> pollutants with a template)
EXCEEDABLE = {
    arch: [m["target"] for m in tmpls if m["target"] in ("SO2", "NOx", "PM", "COD", "NH3-N")]
    for arch, tmpls in demodata.ENTERPRISE_MEASURES.items()
}


def _weighted(rng: random.Random, pairs):
    keys = [k for k, _ in pairs]
    weights = [w for _, w in pairs]
    return rng.choices(keys, weights=weights, k=1)[0]


def park_id_of(number: int) -> str:
    return f"syn-{number:0{ID_WIDTH}d}"


def cycles_for(n_cycles: int) -> list[int]:
    return list(range(LAST_CYCLE - n_cycles + 1, LAST_CYCLE + 1))


def _steps(rng: random.Random, start: float, step: float, n: int, integer: bool = False) -> list:
    out, v = [], start
    for _ in range(n):
        out.append(int(round(v)) if integer else v)
        v += step * rng.uniform(0.5, 1.5)
    return out


def draw_profile(seed: str, number: int, cycles: list[int], mean_enterprises: int) -> tuple[dict, int, list]:
    """(profile, n_enterprises, industry_mix) for synthetic park `number`, in the shape
    demodata.generate_park takes (see its docstring)."""
    park_id = park_id_of(number)
    rng = random.Random(f"{SEED_PREFIX}:{seed}:{park_id}:profile")
    n_cycles = len(cycles)

    national = rng.random() < NATIONAL_SHARE
    zone_type = _weighted(rng, NATIONAL_TYPES if national else PROVINCIAL_TYPES)
    province, prov_code, _ = rng.choices(PROVINCES, weights=[w for *_, w in PROVINCES], k=1)[0]
    letter = "G" if national else "S"
    catalog_code = f"{letter}{prov_code:02d}{TYPE_DIGIT[zone_type]}{number % 1000:03d}"
    year = rng.randint(1984, 2013) if national else rng.randint(1992, 2016)
    approval_date = f"{year}.{rng.randint(1, 12):02d}"
    approved_area = round(demodata.lognormal(rng, 900.0 if national else 420.0, 0.6), 2)

    n_themes = rng.choices([1, 2, 3], weights=[2, 3, 4], k=1)[0]
    pool = dict(THEMES_BY_TYPE[zone_type])
    themes = []
    for _ in range(n_themes):
        t = _weighted(rng, sorted(pool.items()))
        themes.append(t)
        del pool[t]
    heavy = any(t in HEAVY for t in themes)

    # enterprises: log-normal around the mean (median = mean * exp(-sigma^2 / 2) ≈ mean * 0.88)
    n_enterprises = int(round(demodata.lognormal(rng, mean_enterprises * 0.88, 0.5)))
    n_enterprises = max(8, min(n_enterprises, 6 * mean_enterprises))

    # a few dominant enterprises from the leading industries, more in big parks
    n_anchors = min(rng.randint(2, 4) + n_enterprises // 80, 9, n_enterprises - 3)
    anchors = []
    for i in range(n_anchors):
        arch = rng.choice(THEMES[themes[i % len(themes)]][0])
        va = demodata.lognormal(rng, 60000.0 if heavy else 30000.0, 0.6)
        anchors.append(dict(role=f"a{i + 1}", archetype=arch, va=max(15000.0, min(va, 250000.0)), big=True))
    if n_cycles >= 2 and rng.random() < 0.2:  # a plant that opens in the second cycle
        anchors.append(dict(role="entrant", archetype=rng.choice(THEMES[themes[0]][0]),
                            va=rng.uniform(5000, 15000), first_cycle=cycles[1]))
    if n_cycles >= 2 and rng.random() < 0.15:  # an outdated plant that closes after the first cycle
        anchors.append(dict(role="closing", archetype=rng.choice(THEMES[themes[-1]][1])[0],
                            va=rng.uniform(1500, 9000), last_cycle=cycles[0]))

    mix: dict[str, float] = {}
    for rank, t in enumerate(themes):
        for arch, w in THEMES[t][1]:
            mix[arch] = mix.get(arch, 0.0) + w / (rank + 1)
    industry_mix = sorted(mix.items())

    permit_exceed = []
    if rng.random() < 0.15:
        candidates = [a for a in anchors[:n_anchors] if EXCEEDABLE.get(a["archetype"])]
        if candidates:
            a = rng.choice(candidates)
            permit_exceed.append(dict(role=a["role"], pollutant=rng.choice(EXCEEDABLE[a["archetype"]]),
                                      ratio=rng.uniform(1.03, 1.12), fix=rng.uniform(0.72, 0.85)))

    central_wwtp = rng.random() < 0.92
    central_heating = rng.random() < (0.8 if heavy else 0.4)
    cap = rng.choice([5000, 10000, 15000, 20000, 30000, 50000])
    blanks = {}
    if rng.random() < 0.15:
        blanks[("park", cycles[0])] = ["recycling_value_added"]
    if rng.random() < 0.15:
        blanks[("park_facilities", rng.choice(cycles))] = [
            rng.choice(["waste_heat_recovery_rate", "renewable_resource_recycling_rate"])]
    water_gaps = {c: rng.randint(1, 3) for c in cycles[:2] if rng.random() < 0.3}
    voc_gaps = {c: rng.randint(1, 4) for c in cycles[:2] if rng.random() < 0.4}
    measure_plan = {cycles[0]: (rng.randint(1, 2), rng.randint(1, 3), rng.randint(3, 6))}
    for c in cycles[1:]:
        measure_plan[c] = (rng.randint(0, 1), rng.randint(1, 2), rng.randint(2, 4))
    pv = rng.random() < 0.5
    audit_rate = rng.uniform(0.5, 0.9)
    disclose_rate = rng.uniform(0.5, 0.9)
    area_codes = [f"{prov_code:02d}{rng.randint(1, 30):02d}{rng.randint(0, 30):02d}" for _ in range(2)]

    profile = dict(
        park_id=park_id,
        park_name=f"合成园区{number:04d}{zone_type.replace('/', '')}",
        catalog_code=catalog_code, province=province, approval_level="国务院" if national else "省政府",
        zone_type=zone_type, approval_date=approval_date, approved_area=approved_area,
        leading_industries="、".join(themes),
        id_prefix="E", name_prefixes=["合成"], brand_first=BRAND_FIRST, brand_second=BRAND_SECOND,
        area_codes=area_codes, base_year=cycles[0],
        tail_va_median=rng.uniform(1200, 3200), tail_va_sigma=rng.uniform(0.7, 1.0),
        va_growth=(lambda g: (g, g + 0.02))(rng.uniform(0.02, 0.08)),
        listed_share=(lambda s: (s, s + 0.05))(rng.uniform(0.85, 0.92)),
        land_area_km2=round(approved_area / 100 * rng.uniform(0.3, 0.95), 2),
        water_scarce_city=rng.random() < 0.4,
        improve=dict(energy=rng.uniform(0.01, 0.06), water=rng.uniform(0.01, 0.06), air=rng.uniform(0.02, 0.09),
                     water_pollutants=rng.uniform(0.02, 0.07), sw_util_gain=rng.uniform(0.0, 0.04),
                     process=rng.uniform(0.0, 0.04), reclaimed_gain=rng.uniform(0.0, 0.05)),
        reclaimed_share=rng.uniform(0.0, 0.1),
        pv_share=(rng.uniform(0.01, 0.05), rng.uniform(0.02, 0.05)) if pv else (0.0, 0.0),
        audit_rate=audit_rate, disclose_rate=disclose_rate,
        voluntary_audit_rate=audit_rate * rng.uniform(0.1, 0.5),
        voluntary_disclose_rate=disclose_rate * rng.uniform(0.2, 0.6),
        hw_storage=rng.uniform(0.0, 0.04),
        anchors=anchors, industry_mix=industry_mix, permit_exceed=permit_exceed,
        facilities=dict(
            central_wwtp=central_wwtp, wwtp_capacity=_steps(rng, cap, cap * 0.1, n_cycles, integer=True),
            online=central_wwtp and rng.random() < 0.9, central_heating=central_heating,
            risk_plan_filed=[rng.random() < 0.85 or i > 0 for i in range(n_cycles)],
            risk=(rng.uniform(55, 90), rng.uniform(2, 8)), env=(rng.uniform(55, 92), rng.uniform(2, 7)),
            incidents=[1 if i == 0 and rng.random() < 0.03 else 0 for i in range(n_cycles)],
            stable_compliance=[rng.random() < 0.6 + 0.2 * i for i in range(n_cycles)],
            total_control=[rng.random() < 0.85 + 0.05 * i for i in range(n_cycles)],
            info=(rng.uniform(40, 85), rng.uniform(3, 10)),
            publicity=_steps(rng, rng.randint(1, 4), 1, n_cycles, integer=True),
            eco_chain=_steps(rng, rng.randint(0, 4), 1.5, n_cycles, integer=True),
            renewable=(rng.uniform(45, 85), rng.uniform(1, 5)), waste_heat=(rng.uniform(40, 80), rng.uniform(1, 5)),
        ),
        blanks=blanks, water_gaps=water_gaps, voc_gaps=voc_gaps, measure_plan=measure_plan,
        cancelled=1 if rng.random() < 0.2 else 0,
    )
    return profile, n_enterprises, industry_mix


# ----------------------------------------------------------------------------------------------
# Writing
# ----------------------------------------------------------------------------------------------

_PARK_ID = "\x00park-id\x00"
_PARK_NAME = "\x00park-name\x00"


class DescriptorTemplates:
    """The descriptor text per cycle, built once by generator.core.descriptor and filled in per park.

    build_descriptor reads nine schemas for every package; here they are read once per cycle. The
    first package of each cycle is checked against build_descriptor itself, byte for byte."""

    def __init__(self, data_root: Path):
        self.data_root = Path(data_root)
        self._text: dict[str, str] = {}
        self._checked: set[str] = set()

    def text(self, park_id: str, cycle: str, park_name: str) -> str:
        if cycle not in self._text:
            tmpl = dump_json(build_descriptor(self.data_root, "@PARK_ID@", cycle, "@PARK_NAME@", fictional=True))
            assert tmpl.count("@PARK_ID@") >= 1 and tmpl.count("@PARK_NAME@") >= 1
            self._text[cycle] = tmpl.replace("@PARK_ID@", _PARK_ID).replace("@PARK_NAME@", _PARK_NAME)
        # the fills are JSON-safe (ids are [a-z0-9-], names CJK and digits): no escaping needed
        text = self._text[cycle].replace(_PARK_ID, park_id).replace(_PARK_NAME, park_name)
        if cycle not in self._checked:
            expected = dump_json(build_descriptor(self.data_root, park_id, cycle, park_name, fictional=True))
            if text != expected:
                raise AssertionError("descriptor template differs from generator.core.descriptor.build_descriptor")
            self._checked.add(cycle)
        return text


_SHARED: dict[Path, tuple] = {}


def _shared_inputs(root: Path) -> tuple[dict, dict, DescriptorTemplates]:
    """Schemas, energy coefficients and descriptor templates, read once per process."""
    if root not in _SHARED:
        schemas = {t: json.loads((root / "schemas" / f"{t}.json").read_text(encoding="utf-8")) for t in TABLES}
        _SHARED[root] = (schemas, demodata.load_coefficients(root), DescriptorTemplates(root))
    return _SHARED[root]


def _write_parks(job: tuple[str, Path, list[int], list[int], int]) -> dict[str, int]:
    """Generate and write the parks numbered in `numbers` into `root`; return row counts by table."""
    seed, root, numbers, cycles, mean_enterprises = job
    schemas, coefficients, templates = _shared_inputs(root)
    counts = dict.fromkeys(TABLES, 0)
    for number in numbers:
        profile, n_enterprises, industry_mix = draw_profile(seed, number, cycles, mean_enterprises)
        park_id = profile["park_id"]
        by_cycle = demodata.generate_park(demodata.park_rng(park_id, f"{SEED_PREFIX}:{seed}"), profile, cycles,
                                      n_enterprises, industry_mix, park_id=park_id, coefficients=coefficients)
        for cycle, tables in by_cycle.items():
            text = templates.text(park_id, str(cycle), profile["park_name"])
            demodata.write_package(root, park_id, cycle, profile["park_name"], tables, schemas=schemas,
                               descriptor_text=text)
            for t in TABLES:
                counts[t] += len(tables[t])
    return counts


def source_files(source_root: Path = REPO / "data") -> list[Path]:
    """What the output depends on besides the arguments: this script, the demo generator
    (scripts/demodata/: its code and its tables) and the shared schemas and reference data."""
    scripts = REPO / "scripts"
    files = [scripts / "make_synthetic_data.py"]
    files += sorted(p for p in (scripts / "demodata").rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    # reference/ is copied as a tree (it has subfolders, e.g. excel/), so it is hashed as one
    return files + sorted((source_root / "schemas").glob("*")) + sorted(p for p in (source_root / "reference").rglob("*") if p.is_file())


def source_digest(source_root: Path = REPO / "data") -> str:
    """sha256 over source_files. Recorded in synthetic.json, so that a cached data set can be told
    apart from one a newer generator would write."""
    h = hashlib.sha256()
    for f in source_files(source_root):
        h.update(f.name.encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()


def _may_replace(out: Path) -> bool:
    return not out.exists() or (out.is_dir() and (not any(out.iterdir()) or (out / MARKER).is_file()))


def make_synthetic(out: Path, parks: int, cycles: int, enterprises: int, seed: str = "1", jobs: int | None = None,
                   source_root: Path = REPO / "data") -> dict:
    """Write the data set to `out` (a data root: schemas/, reference/, syn-…/<cycle>/) and return
    what synthetic.json records."""
    out = Path(out).absolute()
    if not _may_replace(out):
        raise FileExistsError(f"{out} exists and was not written by make_synthetic_data.py (no {MARKER})")
    years = cycles_for(cycles)
    jobs = max(1, min(jobs or os.cpu_count() or 1, parks))
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))
    try:
        shutil.copytree(source_root / "schemas", tmp / "schemas")
        shutil.copytree(source_root / "reference", tmp / "reference")
        numbers = list(range(1, parks + 1))
        # many small chunks, handed out in order: the work per park varies with its size
        size = max(1, min(25, parks // (jobs * 8) or 1))
        chunks = [(str(seed), tmp, numbers[i:i + size], years, enterprises) for i in range(0, parks, size)]
        counts = dict.fromkeys(TABLES, 0)
        if jobs == 1:
            results = map(_write_parks, chunks)
        else:
            pool = multiprocessing.get_context("fork").Pool(jobs)
            results = pool.imap(_write_parks, chunks)
        for c in results:
            for t in TABLES:
                counts[t] += c[t]
        if jobs > 1:
            pool.close()
            pool.join()
        meta = {
            "generator": "scripts/make_synthetic_data.py",
            "fictional": True,
            "arguments": {"parks": parks, "cycles": cycles, "enterprises": enterprises, "seed": str(seed)},
            "source_sha256": source_digest(source_root),
            "cycles": years,
            "packages": parks * cycles,
            "rows": counts,
            "rows_total": sum(counts.values()),
        }
        (tmp / MARKER).write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        old = None
        if out.exists():
            old = out.with_name(f".{out.name}.old-{os.getpid()}")
            os.replace(out, old)
        os.replace(tmp, out)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return meta


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parks", type=int, default=89, help="number of parks (default 89)")
    parser.add_argument("--cycles", type=int, default=3, help="audit cycles, consecutive years ending 2025 (default 3)")
    parser.add_argument("--enterprises", type=int, default=150, help="mean enterprises per park (default 150)")
    parser.add_argument("--seed", default="1", help="seed (any string; default 1)")
    parser.add_argument("--out", type=Path, required=True, help="data root to write (replaced if written by this script)")
    parser.add_argument("--jobs", type=int, default=None, help="worker processes (default: CPU count); output does not depend on it")
    args = parser.parse_args(argv)
    if args.parks < 1 or args.cycles < 1 or args.enterprises < 8:
        parser.error("--parks and --cycles must be ≥ 1, --enterprises ≥ 8")
    if args.parks >= 10 ** ID_WIDTH:
        parser.error(f"--parks must be < {10 ** ID_WIDTH}")
    if args.cycles > LAST_CYCLE - 2000:
        parser.error("too many cycles")
    start = time.perf_counter()
    try:
        meta = make_synthetic(args.out, args.parks, args.cycles, args.enterprises, args.seed, args.jobs)
    except FileExistsError as exc:
        print(f"错误 / error: {exc}", file=sys.stderr)
        return 2
    rows = meta["rows"]
    print(f"{meta['packages']} packages, {rows['enterprises']} enterprise rows, {meta['rows_total']} rows in all "
          f"→ {args.out} ({time.perf_counter() - start:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
