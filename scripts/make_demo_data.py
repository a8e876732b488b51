"""Generate the bundled demo data: three real Yunnan parks, three audit cycles, fictional figures.

The park names, catalogue codes, types, approval dates, areas and leading industries come from the
2018 national catalogue of development zones (../shared/domain/yunnan_parks_2018.csv). Everything
else -- the enterprises, their names and codes, and every audit figure -- is invented. The numbers
are shaped to be plausible for each industry (magnitudes, intensities, balances) and to improve from
cycle to cycle, so that every later stage (validate, compute, score, render, diff) has something
realistic to show, including a few deliberate gaps.

    python scripts/make_demo_data.py [--data-root data]

Output is deterministic: every random draw comes from a `random.Random` seeded from the park id and
a fixed key, never from the global generator or the clock; the same command writes the same bytes.

The generation functions are meant to be reused by a national-scale synthetic generator:
`generate_park(rng, profile, cycles, n_enterprises, industry_mix)` builds every table for every
cycle of one park from a profile and the archetype library `ARCHETYPES`, and
`write_package(data_root, park_id, cycle, park_name, tables)` writes one package.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import random
import shutil
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
try:
    from generator.core import TABLES, schemas_dir
except ModuleNotFoundError:  # run from a checkout without `pip install -e .`
    sys.path.insert(0, str(REPO))
    from generator.core import TABLES, schemas_dir
from generator.core import build_descriptor, write_descriptor
from generator.validate import check_character
from generator.validate.uscc import ALPHABET as USCC_ALPHABET

DEMO_SEED = "parkaudit-demo-v1"
DEMO_CYCLES = [2023, 2024, 2025]

# --------------------------------------------------------------------------------------------
# Physical constants and conventions (not random; documented so that a reader can check sums)
# --------------------------------------------------------------------------------------------

# tCO2 per tce of fuel burnt. Coal-type fuels 2.66-2.80; oil products ~2.1-2.2; natural gas
# 1.64 per tce (= 21.6 tCO2 per 10^4 m3, the "2.16 t per 1000 m3" usually quoted).
COMBUSTION_FACTOR = {
    "原煤": 2.66,
    "洗精煤": 2.66,
    "焦炭": 2.80,
    "原油": 2.15,
    "燃料油": 2.15,
    "汽油": 2.03,
    "煤油": 2.08,
    "柴油": 2.17,
    "液化石油气": 1.85,
    "炼厂干气": 1.75,
    "天然气": 1.64,
    "焦炉煤气": 1.30,
    "高炉煤气": 7.60,
}
STEAM_GJ_PER_T = 3.763  # GB/T 2589-2020: low-pressure steam 3763 kJ/kg
MWH_PER_10K_KWH = 10.0

# Decimals written per column: fixed per column so files diff cleanly and never show float noise.
UNIT_DECIMALS = {"t": 1, "10^4 m3": 2, "10^4 kWh": 2, "GJ": 1}
DECIMALS = {
    "park": {
        "approved_area": 2, "industrial_value_added": 1, "industrial_output_value": 1,
        "high_tech_output_value": 1, "recycling_value_added": 1, "industrial_land_area": 2,
        "grid_emission_factor": 4, "heat_emission_factor": 2, "electricity_equivalent_coef": 4,
    },
    "enterprises": {"output_value": 1, "value_added": 1},
    "water": {k: 0 for k in ("tap_water", "self_supplied_water", "reused_water", "reclaimed_water",
                             "wastewater_discharge", "wastewater_to_central_plant")},
    "emissions": {"actual": 3, "permitted": 3},
    "solid_waste": {k: 2 for k in ("generated", "utilised", "disposed", "stored", "utilised_from_storage")},
    "carbon": {"combustion_co2": 1, "process_co2": 1, "purchased_electricity": 1,
               "exported_electricity": 1, "purchased_heat": 1, "exported_heat": 1},
    "park_facilities": {"central_wwtp_capacity": 0, "risk_system_completeness": 1,
                        "env_management_completeness": 1, "info_platform_completeness": 1,
                        "renewable_resource_recycling_rate": 1, "waste_heat_recovery_rate": 1},
    "measures": {"investment": 1, "expected_energy_saving": 1, "expected_water_saving": 0,
                 "expected_pollutant_reduction": 3, "expected_co2_reduction": 1,
                 "expected_economic_benefit": 1, "achieved_energy_saving": 1,
                 "achieved_water_saving": 0, "achieved_pollutant_reduction": 3,
                 "achieved_co2_reduction": 1, "achieved_economic_benefit": 1},
}
WATER_POLLUTANTS = ("COD", "NH3-N", "TN", "TP")
AIR_POLLUTANTS = ("SO2", "NOx", "PM", "VOCs")

# --------------------------------------------------------------------------------------------
# Archetypes: one per kind of enterprise. Intensities are per 10^4 CNY of value added in the base
# year; the per-enterprise figure varies around them. A national generator can add more.
#   energy tce/万元VA, mix = share of tce by carrier, water m3/万元VA (fresh), reuse = reuse rate,
#   ww = wastewater / fresh water, central = share of wastewater sent to the central plant,
#   conc = mg/L at the enterprise outlet, air = kg/万元VA, sw/hw = t/万元VA, sw_util = utilised
#   share of generation, process = tCO2/万元VA, emp = persons per 万元 output.
# --------------------------------------------------------------------------------------------

def _arch(code, name, chain, words, **kw):
    base = dict(code=code, industry_name=name, chain=chain, words=words, va_ratio=0.25,
                category="简化管理", mandatory=False, high_tech=0.1, energy=0.3,
                mix={"电力": 0.8, "天然气": 0.2}, water=5.0, self_share=0.0, reuse=0.5,
                ww=0.6, central=1.0, conc={}, air={}, sw=0.05, sw_util=0.85, sw_dispose=0.1,
                hw=0.0, hw_util=0.3, process=0.0, emp=0.006, recycling=False, pv=False,
                steam_exporter=False, power_exporter=False, storage_stock=0.0)
    base.update(kw)
    return base


ARCHETYPES = {
    # ---- coal chemical (曲靖) ----
    "coking": _arch("C2520", "炼焦", "煤焦化产业链", ["煤焦化", "焦化"], va_ratio=0.22,
                    category="重点管理", mandatory=True, high_tech=0.2, energy=4.0,
                    mix={"洗精煤": 0.88, "电力": 0.06, "蒸汽": 0.04, "柴油": 0.02}, water=30,
                    reuse=0.95, ww=0.25, central=1.0, conc={"COD": 260, "NH3-N": 25, "TN": 55},
                    air={"SO2": 16.5, "NOx": 20.0, "PM": 6.5, "VOCs": 3.9}, sw=1.0, sw_util=0.85,
                    sw_dispose=0.1, hw=0.05, hw_util=0.6, process=0.5, emp=0.004),
    "methanol": _arch("C2614", "有机化学原料制造", "煤制甲醇及下游产业链", ["能源化工", "煤化工"],
                      va_ratio=0.28, category="重点管理", mandatory=True, high_tech=0.5, energy=3.6,
                      mix={"原煤": 0.58, "焦炉煤气": 0.30, "电力": 0.11, "柴油": 0.01}, water=60,
                      self_share=0.5, reuse=0.97, ww=0.12, central=1.0,
                      conc={"COD": 220, "NH3-N": 20}, air={"SO2": 6.4, "NOx": 10.0, "PM": 2.9, "VOCs": 1.7},
                      sw=8.0, sw_util=0.52, sw_dispose=0.05, hw=0.02, hw_util=0.7, process=8.0,
                      emp=0.003, storage_stock=0.08),
    "chp": _arch("D4412", "热电联产", "热电联产及公用工程", ["热电", "能源"], va_ratio=0.32,
                 category="重点管理", mandatory=True, energy=4.8,
                 mix={"原煤": 0.97, "柴油": 0.005, "电力": 0.025}, water=55, self_share=0.7,
                 reuse=0.97, ww=0.08, central=1.0, conc={"COD": 60, "NH3-N": 5},
                 air={"SO2": 22.5, "NOx": 27.5, "PM": 4.5}, sw=12.0, sw_util=0.72, sw_dispose=0.05,
                 hw=0.002, hw_util=0.0, emp=0.002, steam_exporter=True, power_exporter=True,
                 storage_stock=0.05),
    "ammonia": _arch("C2621", "氮肥制造", "煤制甲醇及下游产业链", ["化肥", "煤化工"], va_ratio=0.28,
                     category="重点管理", mandatory=True, energy=2.4,
                     mix={"原煤": 0.70, "电力": 0.20, "蒸汽": 0.08, "柴油": 0.02}, water=40,
                     self_share=0.3, reuse=0.95, ww=0.2, conc={"COD": 220, "NH3-N": 40, "TN": 70},
                     air={"SO2": 6.7, "NOx": 8.9, "PM": 2.7}, sw=6.0, sw_util=0.6, sw_dispose=0.05,
                     hw=0.01, hw_util=0.5, process=6.0, emp=0.004, storage_stock=0.05),
    "tar": _arch("C2614", "有机化学原料制造", "煤焦化产业链", ["煤焦油", "化工"], va_ratio=0.26,
                 category="重点管理", mandatory=True, high_tech=0.6, energy=1.5,
                 mix={"天然气": 0.30, "蒸汽": 0.40, "电力": 0.30}, water=20, reuse=0.9, ww=0.3,
                 conc={"COD": 300, "NH3-N": 20}, air={"SO2": 0.8, "NOx": 1.5, "PM": 0.5, "VOCs": 2.5},
                 sw=0.3, sw_util=0.7, hw=0.05, hw_util=0.4, emp=0.004),
    "carbon_products": _arch("C3091", "石墨及碳素制品制造", "煤焦化产业链", ["碳素", "新材料"],
                             va_ratio=0.28, category="重点管理", mandatory=True, high_tech=0.6,
                             energy=2.0, mix={"天然气": 0.45, "电力": 0.45, "焦炭": 0.10}, water=8,
                             reuse=0.85, ww=0.3, conc={"COD": 80, "NH3-N": 8},
                             air={"SO2": 6.0, "NOx": 5.0, "PM": 3.0, "VOCs": 1.0}, sw=0.2, sw_util=0.8,
                             hw=0.01, hw_util=0.3, process=1.0, emp=0.005),
    "coal_fine_chem": _arch("C2661", "化学试剂和助剂制造", "煤制甲醇及下游产业链", ["化学", "精细化工"],
                            va_ratio=0.26, category="简化管理", mandatory=True, high_tech=0.4,
                            energy=0.5, mix={"蒸汽": 0.40, "电力": 0.45, "天然气": 0.15}, water=10,
                            reuse=0.8, ww=0.4, conc={"COD": 350, "NH3-N": 25},
                            air={"SO2": 0.3, "NOx": 0.6, "PM": 0.3, "VOCs": 2.0}, sw=0.08, sw_util=0.6,
                            hw=0.04, hw_util=0.3, emp=0.006),
    "industrial_gas": _arch("C2619", "其他基础化学原料制造", "煤焦化产业链", ["气体", "氢能"],
                            va_ratio=0.35, category="简化管理", high_tech=0.7, energy=1.2,
                            mix={"电力": 0.85, "焦炉煤气": 0.15}, water=6, reuse=0.9, ww=0.3,
                            conc={"COD": 60}, air={"NOx": 0.5}, sw=0.02, sw_util=0.9, hw=0.002,
                            hw_util=0.0, emp=0.003),
    "ash_bricks": _arch("C3031", "粘土砖瓦及建筑砌块制造", "资源综合利用产业链", ["新型建材", "建材"],
                        va_ratio=0.30, category="简化管理", energy=0.9,
                        mix={"电力": 0.5, "原煤": 0.4, "柴油": 0.1}, water=4, reuse=0.6, ww=0.1,
                        air={"SO2": 5.0, "NOx": 4.0, "PM": 6.0}, sw=0.05, sw_util=0.9,
                        emp=0.01, recycling=True),
    "mining_machinery": _arch("C3511", "矿山机械制造", "装备制造产业集群", ["机械", "重工"],
                              va_ratio=0.25, category="登记管理", high_tech=0.4, energy=0.12,
                              mix={"电力": 0.8, "天然气": 0.15, "柴油": 0.05}, water=3, reuse=0.4,
                              ww=0.6, conc={"COD": 150, "NH3-N": 15}, air={"PM": 0.3, "VOCs": 0.8},
                              sw=0.05, sw_util=0.92, hw=0.002, hw_util=0.2, emp=0.008),
    "steel_structure": _arch("C3311", "金属结构制造", "装备制造产业集群", ["钢构", "装备"],
                             va_ratio=0.22, category="登记管理", high_tech=0.2, energy=0.15,
                             mix={"电力": 0.8, "天然气": 0.15, "柴油": 0.05}, water=2, reuse=0.3,
                             ww=0.6, conc={"COD": 120}, air={"PM": 0.4, "VOCs": 0.9}, sw=0.08,
                             sw_util=0.95, hw=0.003, hw_util=0.2, emp=0.008),
    "hw_treatment": _arch("N7724", "危险废物治理", "资源综合利用产业链", ["环保", "环境"],
                          va_ratio=0.35, category="重点管理", mandatory=True, energy=0.6,
                          mix={"天然气": 0.4, "电力": 0.5, "柴油": 0.1}, water=10, reuse=0.8,
                          ww=0.3, conc={"COD": 200, "NH3-N": 20},
                          air={"SO2": 2.0, "NOx": 3.0, "PM": 1.0, "VOCs": 1.0}, sw=0.3, sw_util=0.6,
                          hw=0.2, hw_util=0.0, emp=0.006, recycling=True),
    # ---- phosphate, steel, refinery (安宁) ----
    "steel": _arch("C3120", "炼钢", "钢铁产业链", ["钢铁"], va_ratio=0.24, category="重点管理",
                   mandatory=True, high_tech=0.3, energy=2.2,
                   mix={"洗精煤": 0.45, "焦炭": 0.20, "原煤": 0.15, "电力": 0.12, "天然气": 0.05,
                        "燃料油": 0.02, "柴油": 0.01},
                   water=25, self_share=0.6, reuse=0.975, ww=0.15, central=0.0,
                   conc={"COD": 40, "NH3-N": 4}, air={"SO2": 13.3, "NOx": 20.0, "PM": 17.3, "VOCs": 1.0},
                   sw=12.0, sw_util=0.84, sw_dispose=0.04, hw=0.03, hw_util=0.7, process=1.0,
                   emp=0.006, storage_stock=0.03),
    "refinery": _arch("C2511", "原油加工及石油制品制造", "石化产业链", ["石化", "炼化"], va_ratio=0.26,
                      category="重点管理", mandatory=True, high_tech=0.5, energy=1.3,
                      mix={"炼厂干气": 0.45, "燃料油": 0.10, "天然气": 0.15, "电力": 0.18, "蒸汽": 0.12},
                      water=12, self_share=0.4, reuse=0.97, ww=0.35, central=0.3,
                      conc={"COD": 50, "NH3-N": 5}, air={"SO2": 4.2, "NOx": 7.5, "PM": 1.25, "VOCs": 9.2},
                      sw=0.3, sw_util=0.6, sw_dispose=0.3, hw=0.08, hw_util=0.5, process=2.5,
                      emp=0.004),
    "phosphate_fert": _arch("C2622", "磷肥制造", "磷化工产业链", ["磷化", "磷肥"], va_ratio=0.27,
                            category="重点管理", mandatory=True, high_tech=0.5, energy=1.4,
                            mix={"电力": 0.35, "原煤": 0.35, "蒸汽": 0.15, "天然气": 0.10, "柴油": 0.05},
                            water=40, self_share=0.5, reuse=0.9, ww=0.1,
                            conc={"COD": 60, "NH3-N": 15, "TN": 30, "TP": 5},
                            air={"SO2": 3.75, "NOx": 2.5, "PM": 5.0}, sw=56.0, sw_util=0.40,
                            sw_dispose=0.02, hw=0.005, hw_util=0.3, process=0.3, emp=0.003,
                            storage_stock=0.10),
    "yellow_phosphorus": _arch("C2619", "其他基础化学原料制造", "磷化工产业链", ["黄磷", "磷业"],
                               va_ratio=0.22, category="重点管理", mandatory=True, energy=3.5,
                               mix={"电力": 0.60, "焦炭": 0.35, "柴油": 0.05}, water=30, reuse=0.92,
                               ww=0.15, conc={"COD": 50, "TP": 3}, air={"SO2": 2.4, "NOx": 2.0, "PM": 6.0},
                               sw=10.0, sw_util=0.7, sw_dispose=0.05, hw=0.01, hw_util=0.5,
                               process=0.5, emp=0.004),
    "sulfuric_acid": _arch("C2611", "无机酸制造", "磷化工产业链", ["硫酸", "化工"], va_ratio=0.30,
                           category="重点管理", mandatory=True, energy=0.5,
                           mix={"电力": 0.7, "柴油": 0.3}, water=20, reuse=0.93, ww=0.1,
                           conc={"COD": 40}, air={"SO2": 20.0, "NOx": 0.5, "PM": 1.5}, sw=0.2,
                           sw_util=0.8, hw=0.005, hw_util=0.5, emp=0.003, steam_exporter=True),
    "phosphate_salts": _arch("C2613", "无机盐制造", "磷化工产业链", ["磷酸盐", "精细磷化"],
                             va_ratio=0.26, category="重点管理", mandatory=True, high_tech=0.5,
                             energy=0.8, mix={"电力": 0.5, "蒸汽": 0.3, "天然气": 0.2}, water=15,
                             reuse=0.85, ww=0.3, conc={"COD": 80, "NH3-N": 10, "TP": 4},
                             air={"SO2": 0.3, "NOx": 0.5, "PM": 1.2}, sw=1.5, sw_util=0.6, hw=0.01,
                             hw_util=0.4, emp=0.005),
    "steel_rolling": _arch("C3130", "钢压延加工", "钢铁产业链", ["钢材", "金属制品"], va_ratio=0.15,
                           category="简化管理", energy=0.9,
                           mix={"天然气": 0.5, "电力": 0.45, "柴油": 0.05}, water=5, reuse=0.9, ww=0.3,
                           conc={"COD": 60}, air={"SO2": 2.0, "NOx": 6.0, "PM": 2.0}, sw=0.8,
                           sw_util=0.95, hw=0.01, hw_util=0.5, emp=0.004),
    "ferroalloy": _arch("C3140", "铁合金冶炼", "钢铁产业链", ["铁合金", "冶金"], va_ratio=0.18,
                        category="重点管理", mandatory=True, energy=3.0,
                        mix={"电力": 0.7, "焦炭": 0.3}, water=6, reuse=0.9, ww=0.1,
                        air={"SO2": 5.0, "NOx": 3.0, "PM": 8.0}, sw=3.0, sw_util=0.75, hw=0.005,
                        hw_util=0.3, process=1.5, emp=0.005),
    "polymer": _arch("C2651", "初级形态塑料及合成树脂制造", "石化产业链", ["新材料", "化工"],
                     va_ratio=0.22, category="重点管理", mandatory=True, high_tech=0.6, energy=0.7,
                     mix={"蒸汽": 0.5, "电力": 0.4, "天然气": 0.1}, water=8, reuse=0.92, ww=0.3,
                     conc={"COD": 100, "NH3-N": 8}, air={"NOx": 1.0, "PM": 0.5, "VOCs": 3.0},
                     sw=0.2, sw_util=0.7, hw=0.03, hw_util=0.4, emp=0.003),
    "gypsum_board": _arch("C3024", "轻质建筑材料制造", "资源综合利用产业链", ["新型建材", "建材"],
                          va_ratio=0.28, category="简化管理", energy=0.8,
                          mix={"天然气": 0.5, "电力": 0.4, "原煤": 0.1}, water=3, reuse=0.7, ww=0.1,
                          air={"SO2": 1.5, "NOx": 2.5, "PM": 3.0}, sw=0.1, sw_util=0.9, emp=0.008,
                          recycling=True),
    "slag_processing": _arch("C3099", "其他非金属矿物制品制造", "资源综合利用产业链", ["资源", "环保建材"],
                             va_ratio=0.30, category="简化管理", energy=0.6,
                             mix={"电力": 0.8, "柴油": 0.2}, water=2, reuse=0.8, ww=0.05,
                             air={"PM": 4.0}, sw=0.05, sw_util=0.95, emp=0.006, recycling=True),
    "chem_reagents": _arch("C2661", "化学试剂和助剂制造", "石化产业链", ["化学", "化工"], va_ratio=0.26,
                           category="简化管理", mandatory=True, high_tech=0.4, energy=0.45,
                           mix={"蒸汽": 0.35, "电力": 0.5, "天然气": 0.15}, water=9, reuse=0.8, ww=0.4,
                           conc={"COD": 300, "NH3-N": 20}, air={"NOx": 0.5, "PM": 0.3, "VOCs": 2.2},
                           sw=0.08, sw_util=0.6, hw=0.04, hw_util=0.3, emp=0.006),
    "equipment": _arch("C3311", "金属结构制造", "装备制造产业集群", ["装备", "机械"], va_ratio=0.22,
                       category="登记管理", high_tech=0.2, energy=0.15,
                       mix={"电力": 0.8, "天然气": 0.15, "柴油": 0.05}, water=2, reuse=0.3, ww=0.6,
                       conc={"COD": 120}, air={"PM": 0.4, "VOCs": 0.9}, sw=0.08, sw_util=0.95,
                       hw=0.003, hw_util=0.2, emp=0.008),
    # ---- food, equipment, fine chemicals (杨林) ----
    "beer": _arch("C1513", "啤酒制造", "食品饮料产业集群", ["啤酒"], va_ratio=0.38, category="重点管理",
                  mandatory=True, high_tech=0.2, energy=0.32,
                  mix={"天然气": 0.55, "电力": 0.42, "柴油": 0.03}, water=18, reuse=0.78, ww=0.7,
                  conc={"COD": 160, "NH3-N": 12, "TN": 30, "TP": 3},
                  air={"SO2": 0.08, "NOx": 0.5, "PM": 0.1}, sw=1.5, sw_util=0.97, sw_dispose=0.02,
                  hw=0.001, hw_util=0.0, emp=0.006, pv=True),
    "beverage": _arch("C1529", "茶饮料及其他饮料制造", "食品饮料产业集群", ["饮品", "食品"],
                      va_ratio=0.35, category="简化管理", high_tech=0.3, energy=0.15,
                      mix={"天然气": 0.40, "电力": 0.58, "柴油": 0.02}, water=9, reuse=0.72, ww=0.7,
                      conc={"COD": 150, "NH3-N": 10, "TP": 2}, air={"SO2": 0.04, "NOx": 0.25, "PM": 0.05},
                      sw=0.3, sw_util=0.95, emp=0.007, pv=True),
    "dairy": _arch("C1441", "液体乳制造", "食品饮料产业集群", ["乳业", "牧业"], va_ratio=0.25,
                   category="简化管理", high_tech=0.3, energy=0.26,
                   mix={"天然气": 0.50, "电力": 0.50}, water=12, reuse=0.7, ww=0.75,
                   conc={"COD": 180, "NH3-N": 12, "TN": 30, "TP": 3},
                   air={"SO2": 0.05, "NOx": 0.3, "PM": 0.05}, sw=0.2, sw_util=0.96, emp=0.008, pv=True),
    "baijiu": _arch("C1512", "白酒制造", "食品饮料产业集群", ["酒业"], va_ratio=0.45,
                    category="简化管理", energy=0.2, mix={"天然气": 0.60, "电力": 0.40}, water=10,
                    reuse=0.65, ww=0.7, conc={"COD": 220, "NH3-N": 15, "TN": 35, "TP": 3},
                    air={"SO2": 0.05, "NOx": 0.4, "PM": 0.1}, sw=1.2, sw_util=0.97, emp=0.008),
    "food_additive": _arch("C1495", "食品及饲料添加剂制造", "食品饮料产业集群", ["生物科技", "食品"],
                           va_ratio=0.3, category="简化管理", high_tech=0.6, energy=0.25,
                           mix={"天然气": 0.45, "电力": 0.55}, water=10, reuse=0.72, ww=0.7,
                           conc={"COD": 200, "NH3-N": 15}, air={"NOx": 0.3, "PM": 0.2, "VOCs": 0.3},
                           sw=0.3, sw_util=0.92, hw=0.002, hw_util=0.0, emp=0.007, pv=True),
    "bakery": _arch("C1411", "糕点、面包制造", "食品饮料产业集群", ["食品"], va_ratio=0.30,
                    category="登记管理", energy=0.12, mix={"天然气": 0.45, "电力": 0.55}, water=5,
                    reuse=0.2, ww=0.8, conc={"COD": 200, "NH3-N": 12},
                    air={"NOx": 0.1, "PM": 0.05}, sw=0.1, sw_util=0.9, emp=0.012),
    "vehicles": _arch("C3612", "新能源车整车制造", "装备制造产业集群", ["汽车"], va_ratio=0.20,
                      category="重点管理", mandatory=True, high_tech=0.9, energy=0.13,
                      mix={"电力": 0.75, "天然气": 0.22, "柴油": 0.03}, water=2.5, reuse=0.85, ww=0.6,
                      conc={"COD": 200, "NH3-N": 15, "TP": 2}, air={"NOx": 0.1, "PM": 0.15, "VOCs": 0.6},
                      sw=0.15, sw_util=0.92, hw=0.01, hw_util=0.3, emp=0.004, pv=True),
    "auto_parts": _arch("C3670", "汽车零部件及配件制造", "装备制造产业集群", ["汽车部件", "机电"],
                        va_ratio=0.22, category="简化管理", high_tech=0.5, energy=0.12,
                        mix={"电力": 0.78, "天然气": 0.2, "柴油": 0.02}, water=2, reuse=0.8, ww=0.6,
                        conc={"COD": 150, "NH3-N": 10}, air={"PM": 0.2, "VOCs": 0.5}, sw=0.15,
                        sw_util=0.93, hw=0.008, hw_util=0.3, emp=0.008, pv=True),
    "switchgear": _arch("C3823", "配电开关控制设备制造", "装备制造产业集群", ["电气", "智能装备"],
                        va_ratio=0.25, category="登记管理", high_tech=0.7, energy=0.06,
                        mix={"电力": 0.9, "天然气": 0.1}, water=1.5, reuse=0.2, ww=0.7,
                        conc={"COD": 100}, air={"PM": 0.05, "VOCs": 0.2}, sw=0.05, sw_util=0.95,
                        hw=0.002, hw_util=0.2, emp=0.01),
    "surface_treatment": _arch("C3360", "金属表面处理及热处理加工", "装备制造产业集群", ["表面处理"],
                               va_ratio=0.3, category="重点管理", mandatory=True, energy=0.35,
                               mix={"电力": 0.7, "天然气": 0.3}, water=8, reuse=0.6, ww=0.8,
                               conc={"COD": 120, "NH3-N": 10, "TN": 25, "TP": 2},
                               air={"PM": 0.05, "VOCs": 0.1}, sw=0.05, sw_util=0.8, hw=0.05,
                               hw_util=0.0, emp=0.01),
    "fragrance": _arch("C2684", "香料、香精制造", "精细化工产业链", ["香料", "生物"], va_ratio=0.35,
                       category="重点管理", mandatory=True, high_tech=0.8, energy=0.3,
                       mix={"天然气": 0.45, "电力": 0.45, "液化石油气": 0.10}, water=6, reuse=0.85,
                       ww=0.5, conc={"COD": 400, "NH3-N": 20}, air={"NOx": 0.3, "PM": 0.1, "VOCs": 2.0},
                       sw=0.2, sw_util=0.8, hw=0.03, hw_util=0.3, emp=0.006, pv=True),
    "fine_chem": _arch("C2662", "专项化学用品制造", "精细化工产业链", ["精细化工", "化学"],
                       va_ratio=0.3, category="重点管理", mandatory=True, high_tech=0.6, energy=0.35,
                       mix={"天然气": 0.45, "电力": 0.45, "液化石油气": 0.10}, water=6, reuse=0.88,
                       ww=0.45, conc={"COD": 350, "NH3-N": 20}, air={"SO2": 0.1, "NOx": 0.4, "VOCs": 1.5},
                       sw=0.15, sw_util=0.75, hw=0.03, hw_util=0.3, emp=0.006),
    "coatings": _arch("C2641", "涂料制造", "精细化工产业链", ["涂料", "新材料"], va_ratio=0.25,
                      category="简化管理", mandatory=True, high_tech=0.4, energy=0.12,
                      mix={"电力": 0.8, "天然气": 0.2}, water=2, reuse=0.5, ww=0.5,
                      conc={"COD": 300, "NH3-N": 10}, air={"PM": 0.2, "VOCs": 1.2}, sw=0.05,
                      sw_util=0.7, hw=0.02, hw_util=0.2, emp=0.008),
    "pharma": _arch("C2740", "中成药生产", "精细化工产业链", ["药业", "制药"], va_ratio=0.40,
                    category="简化管理", high_tech=0.9, energy=0.12,
                    mix={"天然气": 0.5, "电力": 0.5}, water=6, reuse=0.5, ww=0.7,
                    conc={"COD": 350, "NH3-N": 20}, air={"NOx": 0.2, "PM": 0.1, "VOCs": 0.4},
                    sw=0.2, sw_util=0.95, hw=0.005, hw_util=0.2, emp=0.006, pv=True),
}

# --------------------------------------------------------------------------------------------
# Measure templates: (title, measure_type, cost_class, target, investment range 10^4 CNY,
# effect = share of the scope's base-year metric the measure saves/reduces). The title may say
# {chain}. Park-level templates carry a condition on the park profile.
# --------------------------------------------------------------------------------------------

def _m(title, mtype, cost, target, invest, effect, **kw):
    return dict(title=title, measure_type=mtype, cost_class=cost, target=target, invest=invest,
                effect=effect, **kw)


PARK_MEASURES = [
    _m("园区中水回用管网建设", "废弃物回收利用和循环使用", "中高费", "water", (1800, 4200), 0.035),
    _m("园区能源管理中心及重点用能单位能耗在线监测平台建设", "加强管理", "中高费", "energy", (500, 1200), 0.004),
    _m("园区企业清洁生产审核与节能节水培训", "员工素质提高", "无低费", "management", (15, 45), 0.0),
    _m("园区突发环境事件风险预警与应急体系完善", "加强管理", "中高费", "management", (300, 900), 0.0),
    _m("园区集中供热管网延伸及分散燃煤锅炉淘汰", "原辅材料和能源替代", "中高费", "SO2", (2500, 6000), 0.03,
       needs="central_heating"),
    _m("园区屋顶分布式光伏推广", "原辅材料和能源替代", "中高费", "CO2", (1500, 4000), 0.02),
    _m("园区一般工业固废信息化监管平台建设", "加强管理", "中高费", "solid_waste", (200, 600), 0.01),
    _m("园区雨污分流及污水收集管网改造", "设备维护和更新", "中高费", "COD", (1200, 3000), 0.05),
    _m("园区VOCs走航监测与网格化管控", "加强管理", "中高费", "VOCs", (150, 400), 0.03),
]

CHAIN_MEASURES = {
    "煤焦化产业链": [
        _m("焦炉煤气制甲醇尾气回收", "废弃物回收利用和循环使用", "中高费", "energy", (3000, 8000), 0.02),
        _m("焦化废水深度处理及回用", "技术工艺改造", "中高费", "water", (2000, 5000), 0.06),
        _m("焦化产品结构调整(针状焦、负极材料)", "产品更换或改进", "中高费", "CO2", (5000, 12000), 0.015),
    ],
    "煤制甲醇及下游产业链": [
        _m("煤气化渣综合利用制建材", "废弃物回收利用和循环使用", "中高费", "solid_waste", (2500, 6000), 0.06),
        _m("甲醇驰放气氢气回收供下游企业", "废弃物回收利用和循环使用", "中高费", "energy", (1500, 4000), 0.012),
    ],
    "热电联产及公用工程": [
        _m("热电联产蒸汽管网优化与梯级利用", "过程优化控制", "中高费", "energy", (800, 2500), 0.015),
    ],
    "磷化工产业链": [
        _m("磷石膏综合利用制建材", "废弃物回收利用和循环使用", "中高费", "solid_waste", (6000, 15000), 0.05),
        _m("磷石膏无害化处理及井下充填利用", "技术工艺改造", "中高费", "solid_waste", (4000, 10000), 0.04),
        # purified wet-process acid replaces thermal (yellow-phosphorus) acid: an energy measure
        _m("湿法磷酸净化替代热法磷酸", "产品更换或改进", "中高费", "energy", (5000, 12000), 0.02),
    ],
    "钢铁产业链": [
        _m("钢渣微粉综合利用", "废弃物回收利用和循环使用", "中高费", "solid_waste", (3000, 7000), 0.04),
        _m("高炉煤气余压发电(TRT)扩容", "技术工艺改造", "中高费", "energy", (2000, 5000), 0.01),
    ],
    "石化产业链": [
        _m("泄漏检测与修复(LDAR)全覆盖", "加强管理", "中高费", "VOCs", (200, 600), 0.08),
        _m("炼厂干气回收供下游化工利用", "废弃物回收利用和循环使用", "中高费", "energy", (2500, 6000), 0.01),
    ],
    "资源综合利用产业链": [
        _m("工业固废协同利用信息撮合平台", "加强管理", "无低费", "solid_waste", (30, 48), 0.01),
    ],
    "食品饮料产业集群": [
        _m("啤酒糟、酒糟资源化生产饲料", "废弃物回收利用和循环使用", "中高费", "solid_waste", (300, 900), 0.05),
        _m("食品企业高浓度废水厌氧沼气回收利用", "废弃物回收利用和循环使用", "中高费", "COD", (600, 1500), 0.10),
    ],
    "装备制造产业集群": [
        _m("水性涂料替代溶剂型涂料", "原辅材料和能源替代", "中高费", "VOCs", (400, 1200), 0.25),
        _m("集中喷涂中心(共享涂装)建设", "技术工艺改造", "中高费", "VOCs", (1500, 3500), 0.15),
    ],
    "精细化工产业链": [
        _m("溶剂集中精馏回收装置共享", "废弃物回收利用和循环使用", "中高费", "VOCs", (800, 2000), 0.12),
        _m("精细化工废水分质预处理", "技术工艺改造", "中高费", "COD", (500, 1500), 0.10),
    ],
}

_GENERIC_ENTERPRISE_MEASURES = [
    _m("能源计量器具配备完善及用能台账管理", "加强管理", "无低费", "energy", (5, 30), 0.008),
    _m("清洁生产岗位操作规程培训", "员工素质提高", "无低费", "management", (2, 10), 0.0),
    _m("高效电机替代及风机水泵变频改造", "设备维护和更新", "中高费", "energy", (80, 400), 0.02),
    _m("跑冒滴漏巡检及设备维护制度", "加强管理", "无低费", "water", (3, 20), 0.02),
]

ENTERPRISE_MEASURES = {
    "coking": [
        _m("干熄焦改造", "技术工艺改造", "中高费", "energy", (15000, 25000), 0.05),
        _m("焦炉烟气脱硫脱硝超低排放改造", "技术工艺改造", "中高费", "NOx", (6000, 12000), 0.35),
        _m("化产区VOCs无组织排放收集治理", "技术工艺改造", "中高费", "VOCs", (1500, 4000), 0.40),
    ],
    "methanol": [
        _m("气化炉及合成塔操作参数优化控制", "过程优化控制", "无低费", "energy", (20, 48), 0.015),
        _m("变换工段余热回收发电", "废弃物回收利用和循环使用", "中高费", "energy", (3000, 7000), 0.03),
        _m("空分装置压缩机变频改造", "设备维护和更新", "中高费", "energy", (800, 2000), 0.012),
    ],
    "chp": [
        _m("燃煤机组超低排放改造", "技术工艺改造", "中高费", "SO2", (8000, 15000), 0.45),
        _m("汽轮机通流改造", "设备维护和更新", "中高费", "energy", (3000, 6000), 0.03),
    ],
    "ammonia": [
        _m("合成氨驰放气氢回收", "废弃物回收利用和循环使用", "中高费", "energy", (1200, 3000), 0.02),
        _m("尿素工艺冷凝液深度水解回用", "技术工艺改造", "中高费", "NH3-N", (800, 2000), 0.40),
    ],
    "steel": [
        _m("烧结烟气循环及超低排放改造", "技术工艺改造", "中高费", "PM", (12000, 25000), 0.30),
        _m("转炉煤气干法回收", "废弃物回收利用和循环使用", "中高费", "energy", (5000, 10000), 0.02),
        _m("高炉冲渣水余热回收供暖", "废弃物回收利用和循环使用", "中高费", "energy", (1500, 3500), 0.008),
    ],
    "refinery": [
        _m("加热炉热效率提升及烟气余热回收", "设备维护和更新", "中高费", "energy", (2000, 5000), 0.02),
        _m("储罐及装车油气回收", "废弃物回收利用和循环使用", "中高费", "VOCs", (1500, 4000), 0.30),
    ],
    "phosphate_fert": [
        _m("开发低杂质高浓度磷复肥产品", "产品更换或改进", "中高费", "solid_waste", (3000, 8000), 0.03),
        _m("磷酸装置冷却水闭路循环改造", "过程优化控制", "中高费", "water", (1000, 3000), 0.15),
        _m("磷铵尾气洗涤及氟回收", "技术工艺改造", "中高费", "PM", (1500, 4000), 0.20),
        _m("磷铵装置含氨冷凝液回收回用", "技术工艺改造", "中高费", "NH3-N", (1500, 4000), 0.40),
    ],
    "yellow_phosphorus": [
        _m("黄磷尾气回收制甲酸钠", "废弃物回收利用和循环使用", "中高费", "CO2", (2000, 5000), 0.10),
    ],
    "sulfuric_acid": [
        _m("硫酸装置低温位热能回收", "废弃物回收利用和循环使用", "中高费", "energy", (2500, 6000), 0.08),
    ],
    "beer": [
        _m("麦汁煮沸二次蒸汽回收", "技术工艺改造", "中高费", "energy", (300, 800), 0.05),
        _m("CIP清洗水回收利用", "过程优化控制", "无低费", "water", (20, 48), 0.08),
    ],
    "beverage": [
        _m("饮料瓶坯轻量化及包装减量", "产品更换或改进", "中高费", "energy", (150, 500), 0.03),
        _m("灌装线空压机变频改造", "设备维护和更新", "中高费", "energy", (60, 200), 0.04),
        _m("瓶坯清洗逆流漂洗节水", "过程优化控制", "无低费", "water", (10, 40), 0.08),
    ],
    "vehicles": [
        _m("涂装线水性漆替代", "原辅材料和能源替代", "中高费", "VOCs", (1500, 4000), 0.45),
    ],
    "fragrance": [
        _m("提取工序冷凝回收尾气溶剂", "废弃物回收利用和循环使用", "中高费", "VOCs", (300, 900), 0.40),
    ],
    "fine_chem": [
        _m("反应釜密闭化及溶剂回收改造", "技术工艺改造", "中高费", "VOCs", (300, 900), 0.35),
    ],
}

# Measure status paths, by cost class: the status in the cycle a measure is introduced, then in
# each following cycle (the last entry repeats). No/low-cost measures are usually done in a year.
STATUS_PATHS = {
    "无低费": [["已完成"], ["实施中", "已完成"]],
    "中高费": [["计划", "实施中", "已完成"], ["实施中", "实施中", "已完成"], ["实施中", "已完成"],
              ["计划", "实施中", "实施中"]],
}
CANCELLED_PATH = ["计划", "已取消"]

# --------------------------------------------------------------------------------------------
# The three demo parks. Anchors are named enterprises of given size (base-year value added,
# 10^4 CNY); the tail is drawn from industry_mix. Rates are per year.
# --------------------------------------------------------------------------------------------

PARK_PROFILES = {
    "qujing-etdz": dict(
        park_name="曲靖经济技术开发区", catalog_code="G531200", province="云南省", approval_level="国务院",
        zone_type="经济技术开发区", approval_date="2010.06", approved_area=1000.0,
        leading_industries="煤化工", id_prefix="QJ", name_prefixes=["曲靖", "曲靖", "云南"],
        area_codes=["530300", "530302", "530304"], base_year=2023,
        n_enterprises=45, tail_va_median=2600, tail_va_sigma=0.9,
        va_growth=(0.045, 0.065), listed_share=(0.88, 0.94), land_area_km2=9.6,
        water_scarce_city=False, improve=dict(energy=0.045, water=0.04, air=0.07, water_pollutants=0.05,
                                               sw_util_gain=0.03, process=0.03, reclaimed_gain=0.03),
        reclaimed_share=0.02, pv_share=(0.0, 0.0),
        audit_rate=0.65, disclose_rate=0.6, voluntary_audit_rate=0.15, voluntary_disclose_rate=0.2,
        hw_storage=0.03,
        anchors=[
            dict(role="coking", archetype="coking", va=88000, big=True),
            dict(role="methanol", archetype="methanol", va=70000, big=True),
            dict(role="chp", archetype="chp", va=38000, big=True),
            dict(role="ammonia", archetype="ammonia", va=45000, big=True),
            dict(role="tar", archetype="tar", va=24000, big=True),
            dict(role="carbon", archetype="carbon_products", va=19000),
            dict(role="coking_small", archetype="coking", va=8500, last_cycle=2023,
                 note="4.3米焦炉落后产能 2023 年底关停"),
            dict(role="hydrogen", archetype="industrial_gas", va=5200, first_cycle=2024),
        ],
        industry_mix=[("coal_fine_chem", 8), ("industrial_gas", 3), ("ash_bricks", 5),
                      ("mining_machinery", 7), ("steel_structure", 6), ("hw_treatment", 2),
                      ("tar", 2), ("carbon_products", 2)],
        # actual above the permit in the first cycle, fixed by a measure afterwards
        permit_exceed=[dict(role="coking", pollutant="NOx", ratio=1.08, fix=0.78)],
        facilities=dict(central_wwtp=True, wwtp_capacity=[20000, 20000, 30000], online=True,
                        central_heating=True, risk_plan_filed=[True, True, True],
                        risk=(72, 7), env=(78, 6), incidents=[0, 0, 0],
                        stable_compliance=[False, True, True], total_control=[True, True, True],
                        info=(60, 10), publicity=[2, 3, 4], eco_chain=[2, 3, 5],
                        renewable=(63, 4), waste_heat=(55, 5)),
        blanks={("park", 2023): ["recycling_value_added"]},
        water_gaps={2023: 2},  # the two smallest firms filed no water data in the first cycle
        voc_gaps={2023: 3, 2024: 1},
        measure_plan={2023: (2, 2, 5), 2024: (1, 1, 3), 2025: (1, 1, 3)},
        cancelled=0,
    ),
    "anning-ip": dict(
        park_name="云南安宁工业园区", catalog_code="S539024", province="云南省", approval_level="省政府",
        zone_type="工业园区", approval_date="2006.01", approved_area=1390.66,
        leading_industries="磷化工、钢铁、石化", id_prefix="AN", name_prefixes=["安宁", "安宁", "云南", "昆明"],
        area_codes=["530181", "530100"], base_year=2023,
        n_enterprises=55, tail_va_median=2800, tail_va_sigma=0.9,
        va_growth=(0.05, 0.07), listed_share=(0.89, 0.95), land_area_km2=12.4,
        water_scarce_city=True, improve=dict(energy=0.045, water=0.04, air=0.08, water_pollutants=0.05,
                                              sw_util_gain=0.035, process=0.04, reclaimed_gain=0.035),
        reclaimed_share=0.04, pv_share=(0.0, 0.0),
        audit_rate=0.75, disclose_rate=0.9, voluntary_audit_rate=0.2, voluntary_disclose_rate=0.35,
        hw_storage=0.02,
        anchors=[
            dict(role="steel", archetype="steel", va=130000, big=True),
            dict(role="refinery", archetype="refinery", va=100000, big=True),
            dict(role="phosphate", archetype="phosphate_fert", va=80000, big=True),
            dict(role="yellow_p", archetype="yellow_phosphorus", va=24000, big=True),
            dict(role="acid", archetype="sulfuric_acid", va=20000, big=True),
            dict(role="polymer", archetype="polymer", va=28000, big=True),
            dict(role="lfp", archetype="phosphate_salts", va=15000, first_cycle=2024,
                 note="磷酸铁新能源材料项目 2024 年投产"),
        ],
        industry_mix=[("phosphate_salts", 8), ("chem_reagents", 7), ("steel_rolling", 5),
                      ("ferroalloy", 2), ("gypsum_board", 4), ("slag_processing", 3),
                      ("equipment", 10), ("polymer", 2), ("hw_treatment", 2), ("coatings", 5)],
        permit_exceed=[dict(role="steel", pollutant="PM", ratio=1.05, fix=0.8),
                       dict(role="phosphate", pollutant="NH3-N", ratio=1.12, fix=0.75)],
        facilities=dict(central_wwtp=True, wwtp_capacity=[30000, 30000, 30000], online=True,
                        central_heating=True, risk_plan_filed=[True, True, True],
                        risk=(80, 7), env=(84, 5), incidents=[0, 0, 0],
                        stable_compliance=[False, True, True], total_control=[True, True, True],
                        info=(70, 10), publicity=[3, 4, 4], eco_chain=[3, 4, 6],
                        renewable=(70, 4), waste_heat=(64, 4)),
        blanks={("park_facilities", 2023): ["waste_heat_recovery_rate"]},
        water_gaps={2023: 1, 2024: 1},
        voc_gaps={2023: 2},
        measure_plan={2023: (2, 3, 5), 2024: (1, 1, 3), 2025: (1, 1, 3)},
        cancelled=1,
    ),
    "yanglin-etdz": dict(
        park_name="嵩明杨林经济技术开发区", catalog_code="G531199", province="云南省", approval_level="国务院",
        zone_type="经济技术开发区", approval_date="2013.01", approved_area=511.04,
        leading_industries="食品饮料、装备制造、精细化工", id_prefix="YL", name_prefixes=["昆明", "云南", "嵩明"],
        area_codes=["530127", "530100"], base_year=2023,
        n_enterprises=35, tail_va_median=2000, tail_va_sigma=0.8,
        va_growth=(0.07, 0.10), listed_share=(0.88, 0.95), land_area_km2=4.3,
        water_scarce_city=True, improve=dict(energy=0.045, water=0.05, air=0.06, water_pollutants=0.06,
                                              sw_util_gain=0.01, process=0.0, reclaimed_gain=0.05),
        reclaimed_share=0.10, pv_share=(0.04, 0.05),  # rooftop PV share of electricity, +5 pt/yr
        audit_rate=0.9, disclose_rate=0.9, voluntary_audit_rate=0.5, voluntary_disclose_rate=0.6,
        hw_storage=0.0,
        anchors=[
            dict(role="beer", archetype="beer", va=46000, big=True),
            dict(role="beverage", archetype="beverage", va=40000, big=True),
            dict(role="vehicles", archetype="vehicles", va=36000, big=True),
            dict(role="dairy", archetype="dairy", va=28000, big=True),
            dict(role="fragrance", archetype="fragrance", va=20000, big=True),
            dict(role="fine_chem", archetype="fine_chem", va=15000),
            dict(role="plating", archetype="surface_treatment", va=1800, last_cycle=2023,
                 note="小型电镀企业 2023 年底退出园区"),
        ],
        industry_mix=[("beverage", 3), ("baijiu", 2), ("food_additive", 4), ("bakery", 4),
                      ("auto_parts", 6), ("switchgear", 4), ("coatings", 1), ("fine_chem", 2),
                      ("pharma", 2)],
        permit_exceed=[],
        facilities=dict(central_wwtp=True, wwtp_capacity=[15000, 20000, 20000], online=True,
                        central_heating=False, risk_plan_filed=[True, True, True],
                        risk=(90, 5), env=(92, 4), incidents=[0, 0, 0],
                        stable_compliance=[True, True, True], total_control=[True, True, True],
                        info=(85, 8), publicity=[4, 5, 6], eco_chain=[4, 5, 7],
                        renewable=(84, 3), waste_heat=(80, 4)),
        blanks={("park_facilities", 2023): ["renewable_resource_recycling_rate"]},
        water_gaps={},
        voc_gaps={2023: 1},
        measure_plan={2023: (2, 2, 5), 2024: (1, 1, 3), 2025: (1, 2, 2)},
        cancelled=0,
    ),
}

BRAND_FIRST = "澜岳瀚璟峪溯翊骁琨珩沐铎骋湄砚棠岫枫霈昶"
BRAND_SECOND = "岚泽桓屹杉珂禾朔嵘澄岱蔚樾沅芮霁琮邺"


# --------------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------------

def child_rng(base: int, *keys) -> random.Random:
    """An independent generator for one purpose: adding a draw elsewhere never shifts this one."""
    return random.Random(f"{base}:" + ":".join(str(k) for k in keys))


def r(x: float | None, d: int) -> float | None:
    """Round once, to the decimals the column is written with (+0.0 turns -0.0 into 0.0)."""
    return None if x is None else round(x, d) + 0.0


# Only +, -, *, / and round() below, never libm (exp, log, pow, gauss): IEEE arithmetic gives the
# same bits on every platform, so the shipped files can be regenerated byte for byte anywhere.

def jitter(rng: random.Random, spread: float) -> float:
    """A multiplicative factor around 1."""
    return 1.0 + rng.uniform(-spread, spread)


def decay(rate: float, years: int) -> float:
    """(1 - rate) ** years by repeated multiplication."""
    f = 1.0
    for _ in range(years):
        f *= 1.0 - rate
    return f


def lognormal(rng: random.Random, median: float, sigma: float) -> float:
    """median * exp(sigma * z), z ~ N(0, 1) by the sum of 12 uniforms, exp by (1 + x/1024)^1024."""
    y = 1.0 + sigma * (sum(rng.random() for _ in range(12)) - 6.0) / 1024.0
    for _ in range(10):
        y *= y
    return median * y


def load_coefficients(data_root: Path = REPO / "data") -> dict[str, dict]:
    """energy_type -> {unit, coef}: the carriers the energy table may use."""
    path = data_root / "reference" / "energy_coefficients.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        return {row["energy_type"]: {"unit": row["unit"], "coef": float(row["coef_tce_per_unit"])}
                for row in csv.DictReader(fh)}


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


# --------------------------------------------------------------------------------------------
# Roster: who is in the park, with what stable traits
# --------------------------------------------------------------------------------------------

def allocate(counts: list[tuple[str, float]], n: int) -> list[str]:
    """Split n tail slots over archetypes by weight (largest remainder, deterministic)."""
    total = sum(w for _, w in counts)
    exact = [(k, n * w / total) for k, w in counts]
    out = {k: int(x) for k, x in exact}
    rest = n - sum(out.values())
    for k, x in sorted(exact, key=lambda kx: (-(kx[1] - int(kx[1])), kx[0]))[:rest]:
        out[k] += 1
    return [k for k, _ in counts for _ in range(out[k])]


def build_roster(rng: random.Random, profile: dict, n_enterprises: int, industry_mix) -> list[dict]:
    """Stable enterprise traits: id, name, codes, archetype, size, individual intensity factors."""
    base_year = profile["base_year"]
    specs = [dict(a) for a in profile.get("anchors", [])]
    n_active_anchors = sum(1 for a in specs if a.get("first_cycle", base_year) == base_year)
    n_tail = max(0, n_enterprises - n_active_anchors)
    for key in allocate(list(industry_mix), n_tail):
        # tail size: log-normal around the median, capped so that anchors stay dominant
        va = lognormal(rng, profile["tail_va_median"], profile["tail_va_sigma"])
        specs.append(dict(role=None, archetype=key, va=min(va, 14000.0)))
    for spec in specs:
        spec["va"] *= jitter(rng, 0.06)

    ids = list(range(1, len(specs) + 1))
    rng.shuffle(ids)  # ids follow registration order, not size: the biggest firm is not E001
    brands: set[str] = set()
    codes: set[str] = set()
    roster = []
    for spec, num in zip(specs, ids):
        arch = ARCHETYPES[spec["archetype"]]
        big = spec.get("big", False)
        category = "重点管理" if big else arch["category"]
        if not big and category == "重点管理" and spec["va"] < 2500:
            category = "简化管理"  # small plants of a key-managed industry are often simplified
        uscc = make_uscc(rng, profile["area_codes"], codes)
        if category in ("重点管理", "简化管理"):
            permit_no = uscc + "001P"
        else:  # registration-only firms: half hold a registration receipt number, half nothing
            permit_no = uscc + "001W" if rng.random() < 0.5 else ""
        mandatory = arch["mandatory"] and (big or category == "重点管理" or rng.random() < 0.5)
        first = spec.get("first_cycle", base_year)
        audit_from = _first_year(rng, first, profile["audit_rate"] if mandatory
                                 else profile.get("voluntary_audit_rate", 0.15), big)
        disclose_from = _first_year(rng, first, profile["disclose_rate"] if (mandatory or big)
                                    else profile.get("voluntary_disclose_rate", 0.3), big)
        roster.append(dict(
            enterprise_id=f"{profile['id_prefix']}{num:03d}",
            enterprise_name=make_name(rng, profile, arch, big, brands),
            uscc=uscc, permit_no=permit_no, permit_category=category,
            archetype=spec["archetype"], arch=arch, role=spec.get("role"), big=big,
            base_va=spec["va"],
            first_cycle=first, last_cycle=spec.get("last_cycle"),
            mandatory=mandatory, audit_from=audit_from, disclose_from=disclose_from,
            high_tech=rng.random() < arch["high_tech"],
            # individual deviation from the archetype, fixed for the enterprise's life
            f_energy=jitter(rng, 0.2), f_water=jitter(rng, 0.25), f_air=jitter(rng, 0.3),
            f_sw=jitter(rng, 0.25), f_conc=jitter(rng, 0.2), f_emp=jitter(rng, 0.2),
            mix=_perturbed_mix(rng, arch["mix"]),
            va_ratio=arch["va_ratio"] * jitter(rng, 0.08),
            reuse=min(0.985, arch["reuse"] * jitter(rng, 0.03)),
            sw_util=min(0.98, arch["sw_util"] * jitter(rng, 0.06)),
            uses_reclaimed=big or rng.random() < 0.3,
            pv=arch["pv"] and (big or rng.random() < 0.4),
        ))
    return sorted(roster, key=lambda e: e["enterprise_id"])


def _first_year(rng: random.Random, first_cycle: int, rate: float, big: bool) -> int | None:
    """From which year a yes/no attainment holds: most at the start, some later, some never."""
    x, lag = rng.random(), rng.choice([1, 2])  # always two draws: later draws do not depend on x
    if x < rate:
        return first_cycle
    if x < rate + (1 - rate) * (0.6 if big else 0.3):
        return first_cycle + lag
    return None


def _perturbed_mix(rng: random.Random, mix: dict[str, float]) -> dict[str, float]:
    shares = {k: v * jitter(rng, 0.12) for k, v in mix.items()}
    total = sum(shares.values())
    return {k: v / total for k, v in shares.items()}


def is_active(e: dict, cycle: int) -> bool:
    return e["first_cycle"] <= cycle and (e["last_cycle"] is None or cycle <= e["last_cycle"])


# --------------------------------------------------------------------------------------------
# One enterprise in one year
# --------------------------------------------------------------------------------------------

def enterprise_year(base: int, profile: dict, e: dict, cycle: int, coefficients: dict,
                    effects: dict[str, float] | None = None) -> dict:
    """All of one enterprise's rows for one cycle, plus the metrics measures are sized on.
    `effects` = {metric: multiplier} from the enterprise's own measures (see measure_effects)."""
    effects = effects or {}
    arch, imp = e["arch"], profile["improve"]
    t = cycle - profile["base_year"]            # years since the base year: drives improvement
    age = cycle - e["first_cycle"]              # years since the firm's first cycle: drives growth
    yr = child_rng(base, e["enterprise_id"], cycle)

    # value added grows year on year; the same draws every run since each year has its own rng
    va = e["base_va"]
    for y in range(e["first_cycle"] + 1, cycle + 1):
        g = child_rng(base, e["enterprise_id"], "growth", y)
        va *= 1 + g.uniform(*profile["va_growth"]) + g.uniform(-0.03, 0.03)
    va = r(va, 1)
    output = r(va / e["va_ratio"], 1)
    employees = int(round(output * arch["emp"] * e["f_emp"] * (1 + 0.01 * age)))

    # energy: intensity falls a few percent a year; split into carriers by the enterprise's mix
    tce = va * arch["energy"] * e["f_energy"] * decay(imp["energy"], t) * jitter(yr, 0.02) * effects.get("energy", 1.0)
    mix = dict(e["mix"])
    if e["pv"] and "电力" in mix:
        lo, step = profile["pv_share"]
        pv = min(0.4, lo + step * t) * mix["电力"]
        if pv > 0:
            mix["电力"] -= pv
            mix["可再生电力"] = pv
    energy_rows = []
    for carrier, share in sorted(mix.items()):
        ref = coefficients[carrier]
        qty = r(tce * share / ref["coef"], UNIT_DECIMALS[ref["unit"]])
        if qty and qty > 0:
            energy_rows.append(dict(enterprise_id=e["enterprise_id"], energy_type=carrier,
                                    unit=ref["unit"], quantity=qty,
                                    source=_energy_source(e, cycle)))
    tce_total = sum(row["quantity"] * coefficients[row["energy_type"]]["coef"] for row in energy_rows)

    # water: fresh = tap + self-supplied; reuse rate creeps up; reclaimed water from the park plant
    fresh = va * arch["water"] * e["f_water"] * decay(imp["water"], t) * jitter(yr, 0.03) * effects.get("water", 1.0)
    reuse = min(0.985, e["reuse"] + 0.004 * t)
    reclaimed = fresh * (profile["reclaimed_share"] + imp["reclaimed_gain"] * t) if e["uses_reclaimed"] else 0.0
    ww = fresh * arch["ww"] * jitter(yr, 0.05)
    water_row = dict(
        enterprise_id=e["enterprise_id"],
        tap_water=r(fresh * (1 - arch["self_share"]), 0),
        self_supplied_water=r(fresh * arch["self_share"], 0),
        reused_water=r(fresh * reuse / (1 - reuse), 0),
        reclaimed_water=r(reclaimed, 0),
        wastewater_discharge=r(ww, 0),
        wastewater_to_central_plant=r(ww * arch["central"], 0),
    )

    emissions = _emission_rows(base, profile, e, cycle, va, ww, t, effects)
    waste = _waste_rows(profile, e, va, t, yr)

    # carbon: combustion from the fuels actually in the energy table, so the two agree
    combustion = sum(row["quantity"] * coefficients[row["energy_type"]]["coef"]
                     * COMBUSTION_FACTOR.get(row["energy_type"], 0.0) for row in energy_rows)
    elec = sum(row["quantity"] for row in energy_rows if row["energy_type"] == "电力")
    steam = sum(row["quantity"] for row in energy_rows if row["energy_type"] == "蒸汽")
    heat = sum(row["quantity"] for row in energy_rows if row["energy_type"] == "热力")
    fuel_tce = sum(row["quantity"] * coefficients[row["energy_type"]]["coef"]
                   for row in energy_rows if row["energy_type"] in COMBUSTION_FACTOR)
    carbon_row = dict(
        enterprise_id=e["enterprise_id"],
        combustion_co2=r(combustion, 1),
        process_co2=r(va * arch["process"] * decay(imp["process"], t) * jitter(yr, 0.03) * effects.get("CO2", 1.0), 1),
        purchased_electricity=r(elec * MWH_PER_10K_KWH, 1),
        # a combined heat and power plant sells ~2.2 MWh per tce of coal after its own use
        exported_electricity=r(fuel_tce * 2.2 if arch["power_exporter"] else 0.0, 1),
        purchased_heat=r(steam * STEAM_GJ_PER_T + heat, 1),
        exported_heat=0.0,  # set at park level, to match what the other enterprises buy
    )

    enterprise_row = dict(
        enterprise_id=e["enterprise_id"], enterprise_name=e["enterprise_name"], uscc=e["uscc"],
        permit_no=e["permit_no"], permit_category=e["permit_category"],
        industry_code=arch["code"], industry_name=arch["industry_name"],
        chain=profile.get("chain_names", {}).get(arch["chain"], arch["chain"]),
        mandatory_audit=e["mandatory"],
        cp_audit_completed=e["audit_from"] is not None and e["audit_from"] <= cycle,
        env_info_disclosed=e["disclose_from"] is not None and e["disclose_from"] <= cycle,
        high_tech=e["high_tech"], output_value=output, value_added=va, employees=employees,
    )
    sw_general = next((w for w in waste if w["waste_class"] == "一般工业固体废物"), None)
    hw = next((w for w in waste if w["waste_class"] == "危险废物"), None)
    return dict(
        enterprises=enterprise_row, energy=energy_rows, water=water_row, emissions=emissions,
        solid_waste=waste, carbon=carbon_row,
        metrics=dict(energy=tce_total, water=fresh, CO2=carbon_row["combustion_co2"] + carbon_row["process_co2"]
                     + carbon_row["purchased_electricity"] * profile.get("grid_factor", 0.5703),
                     solid_waste=sw_general["generated"] if sw_general else 0.0,
                     hazardous_waste=hw["generated"] if hw else 0.0,
                     **{row["pollutant"]: row["actual"] for row in emissions}),
    )


def _energy_source(e: dict, cycle: int) -> str:
    if e["big"] or e["permit_category"] == "重点管理":
        return f"{cycle}年能源统计报表(205-1表)"
    return f"{cycle}年企业能源消费台账"


def _emission_rows(base: int, profile: dict, e: dict, cycle: int, va: float, ww: float, t: int,
                   effects: dict[str, float]) -> list[dict]:
    """Actual emissions (water ones from wastewater x outlet concentration, air ones from value
    added x intensity) and permitted amounts, fixed from the enterprise's first year."""
    arch, imp = e["arch"], profile["improve"]
    yr = child_rng(base, e["enterprise_id"], cycle, "emissions")
    pr = child_rng(base, e["enterprise_id"], "permit")  # same draws every cycle: a permit is stable
    has_permit = e["permit_category"] in ("重点管理", "简化管理")
    exceed = {x["pollutant"]: x for x in profile.get("permit_exceed", []) if x["role"] == e["role"]}
    rows = []
    candidates = [(p, "water") for p in WATER_POLLUTANTS if p in arch["conc"]]
    candidates += [(p, "air") for p in AIR_POLLUTANTS if p in arch["air"]]
    for pollutant, kind in candidates:
        permit_draw = pr.uniform(1.25, 2.2)
        keep_permit = pr.random()
        if kind == "water":
            if ww <= 0:
                continue
            conc = arch["conc"][pollutant] * e["f_conc"] * decay(imp["water_pollutants"], t) * effects.get(pollutant, 1.0)
            actual = ww * conc * 1e-6 * jitter(yr, 0.05)
            base_actual = (e["base_va"] * arch["water"] * e["f_water"] * arch["ww"]
                           * arch["conc"][pollutant] * e["f_conc"] * 1e-6)
        else:
            intensity = arch["air"][pollutant] * e["f_air"] * 1e-3  # kg/万元 -> t/万元
            actual = va * intensity * decay(imp["air"], t) * jitter(yr, 0.05) * effects.get(pollutant, 1.0)
            base_actual = e["base_va"] * intensity
        permitted = None
        if has_permit:
            if pollutant in ("SO2", "NOx", "PM") or (pollutant in ("COD", "NH3-N") and e["permit_category"] == "重点管理"):
                permitted = base_actual * permit_draw
            elif pollutant in ("TN", "TP") and keep_permit < 0.6:
                permitted = base_actual * permit_draw
            elif pollutant == "VOCs" and e["big"] and keep_permit < 0.35:  # VOCs limits are rare
                permitted = base_actual * permit_draw
        if pollutant in exceed:
            # the first cycle ran above the permit; the fix (its measure) brings it well below
            x = exceed[pollutant]
            trend = imp["water_pollutants"] if kind == "water" else imp["air"]
            permitted = base_actual / x["ratio"]
            actual = base_actual * decay(1 - x["fix"], t) * decay(trend, t) * jitter(yr, 0.01)
        rows.append(dict(
            enterprise_id=e["enterprise_id"], pollutant=pollutant, actual=r(actual, 3),
            permitted=r(permitted, 3),
            source=f"{cycle}年度排污许可证执行报告" if has_permit else f"{cycle}年度环境统计报表",
        ))
    return rows


def _waste_rows(profile: dict, e: dict, va: float, t: int, yr: random.Random) -> list[dict]:
    """General waste balances: utilised + disposed + stored = generated + utilised_from_storage
    (utilised includes what came from storage). Hazardous waste is utilised or disposed in the
    year, with a small year-end stock."""
    arch, imp = e["arch"], profile["improve"]
    rows = []
    gen = va * arch["sw"] * e["f_sw"] * (1 - 0.01 * t) * jitter(yr, 0.04)
    if gen >= 0.5:
        util_share = min(0.985, e["sw_util"] + imp["sw_util_gain"] * t)
        dispose_share = min(arch["sw_dispose"], 1 - util_share)
        # big generators with old stockpiles start to draw them down as markets for the waste grow
        from_storage = gen * arch["storage_stock"] * t if e["big"] else 0.0
        generated = r(gen, 2)
        fs = r(from_storage, 2)
        utilised = r(gen * util_share + from_storage, 2)
        disposed = r(gen * dispose_share, 2)
        stored = r(max(0.0, generated + fs - utilised - disposed), 2)
        rows.append(dict(enterprise_id=e["enterprise_id"], waste_class="一般工业固体废物",
                         generated=generated, utilised=utilised, disposed=disposed, stored=stored,
                         utilised_from_storage=fs))
    hgen = va * arch["hw"] * e["f_sw"] * jitter(yr, 0.06)
    if hgen >= 0.05:
        hu = arch["hw_util"]
        generated = r(hgen, 2)
        stored = r(hgen * yr.uniform(0.0, profile.get("hw_storage", 0.02)), 2)  # year-end stock
        utilised = r((generated - stored) * hu, 2)
        rows.append(dict(enterprise_id=e["enterprise_id"], waste_class="危险废物",
                         generated=generated, utilised=utilised,
                         disposed=r(max(0.0, generated - stored - utilised), 2),  # the remainder
                         stored=stored, utilised_from_storage=0.0))
    return rows


# --------------------------------------------------------------------------------------------
# Park-level rows
# --------------------------------------------------------------------------------------------

def park_row(base: int, profile: dict, park_id: str, cycle: int, ents: list[dict]) -> dict:
    """The park profile; its totals include small firms not on the list (~85-97 % listed)."""
    rng = child_rng(base, "park", cycle)
    # the listed firms' share of the park total is a trait of the park, drifting a little a year;
    # redrawing it each cycle would make park growth (and every intensity) jump at random
    fixed = child_rng(base, "park")
    lo, hi = profile["listed_share"]
    va_share, out_share = fixed.uniform(lo, hi), fixed.uniform(lo, hi)
    va = sum(x["value_added"] for x in ents) / min(0.97, va_share + rng.uniform(-0.008, 0.008))
    out = sum(x["output_value"] for x in ents) / min(0.97, out_share + rng.uniform(-0.008, 0.008))
    hi_tech = min(out, sum(x["output_value"] for x in ents if x["high_tech"]) / rng.uniform(0.9, 0.97))
    recycling = sum(x["value_added"] for x in ents if x["_arch"]["recycling"]) / rng.uniform(0.85, 0.95)
    employees = sum(x["employees"] for x in ents) / rng.uniform(0.85, 0.93)
    t = cycle - profile["base_year"]
    return dict(
        park_id=park_id, park_name=profile["park_name"], catalog_code=profile["catalog_code"],
        province=profile["province"], approval_level=profile["approval_level"],
        zone_type=profile["zone_type"], approval_date=profile["approval_date"],
        approved_area=r(profile["approved_area"], 2), leading_industries=profile["leading_industries"],
        audit_year=cycle, base_year=profile["base_year"], industrial_value_added=r(va, 1),
        industrial_output_value=r(out, 1), high_tech_output_value=r(hi_tech, 1),
        recycling_value_added=r(recycling, 1), employees=int(round(employees)),
        industrial_land_area=r(profile["land_area_km2"] * (1 + 0.02 * t), 2),
        water_scarce_city=profile["water_scarce_city"],
        grid_emission_factor=profile.get("grid_factor", 0.5703),
        heat_emission_factor=profile.get("heat_factor", 0.11),
        # thermal power supply coal rate falls ~1.5 g/kWh a year
        electricity_equivalent_coef=r(0.3027 - 0.0015 * t, 4),
    )


def facilities_row(profile: dict, park_id: str, cycle: int) -> dict:
    """Infrastructure and management facts; percentages climb by a fixed step per cycle."""
    f, i = profile["facilities"], cycle - profile["base_year"]

    def pct(start_step):
        start, step = start_step
        return r(min(100.0, start + step * i), 1)

    def at(values):
        return values[min(i, len(values) - 1)]

    return dict(
        park_id=park_id, central_wwtp=f["central_wwtp"],
        central_wwtp_capacity=r(float(at(f["wwtp_capacity"])), 0) if f["central_wwtp"] else None,
        wwtp_online_monitoring=f["online"] if f["central_wwtp"] else None,
        central_heating=f["central_heating"], risk_plan_filed=at(f["risk_plan_filed"]),
        risk_system_completeness=pct(f["risk"]), env_management_completeness=pct(f["env"]),
        major_incidents=at(f["incidents"]), stable_compliance=at(f["stable_compliance"]),
        total_control_completed=at(f["total_control"]), info_platform_completeness=pct(f["info"]),
        publicity_events=at(f["publicity"]), eco_chain_projects=at(f["eco_chain"]),
        renewable_resource_recycling_rate=pct(f["renewable"]),
        waste_heat_recovery_rate=pct(f["waste_heat"]),
    )


def balance_heat_exports(ent_years: dict[str, dict]) -> None:
    """Steam sold inside the park comes from its steam exporters (CHP, acid plants): they export
    what the others buy, plus ~10-15 % sold to firms not on the list."""
    exporters = [y for y in ent_years.values() if y["_arch"]["steam_exporter"]]
    if not exporters:
        return
    bought = sum(y["carbon"]["purchased_heat"] for y in ent_years.values() if not y["_arch"]["steam_exporter"])
    weights = [y["enterprises"]["value_added"] for y in exporters]
    for y, w in zip(exporters, weights):
        y["carbon"]["exported_heat"] = r(bought / 0.87 * w / sum(weights), 1)


# --------------------------------------------------------------------------------------------
# Measures
# --------------------------------------------------------------------------------------------

def plan_measures(base: int, profile: dict, roster: list[dict], cycles: list[int],
                  years: dict[int, dict[str, dict]]) -> list[dict]:
    """Choose the measures and the cycle each is introduced in; ids stay the same across cycles."""
    rng = child_rng(base, "measures")
    first = cycles[0]
    base_metrics = years[first]
    # park-level templates the park can use, in a shuffled but fixed order
    park_pool = [m for m in PARK_MEASURES
                 if not m.get("needs") or profile["facilities"].get(m["needs"])]
    rng.shuffle(park_pool)
    chains = _chains_by_size(years[first])
    chain_pool = [(c, m) for c in chains for m in CHAIN_MEASURES.get(c, [])]
    # interleave chains so that each chain gets one before any gets two
    chain_pool.sort(key=lambda cm: CHAIN_MEASURES[cm[0]].index(cm[1]))
    # enterprise measures go to the biggest energy users and emitters first
    key_ents = sorted((e for e in roster if e["enterprise_id"] in base_metrics and e["last_cycle"] is None),
                      key=lambda e: -base_metrics[e["enterprise_id"]]["metrics"]["energy"])[:10]
    ent_pool = []
    # a permit exceedance in the first cycle is answered by a measure started that same year and
    # finished the next, which is what brings the emission down in the data
    for x in profile.get("permit_exceed", []):
        e = next(e for e in roster if e["role"] == x["role"])
        tmpl = next(m for m in ENTERPRISE_MEASURES[e["archetype"]] if m["target"] == x["pollutant"])
        ent_pool.append((e, dict(tmpl, path=["实施中", "已完成"])))
    for rank in range(4):
        for e in key_ents:
            own = ENTERPRISE_MEASURES.get(e["archetype"], [])
            generic = _GENERIC_ENTERPRISE_MEASURES[(rank + key_ents.index(e)) % len(_GENERIC_ENTERPRISE_MEASURES)]
            options = own + [generic]
            if rank < len(options) and (e["enterprise_id"], options[rank]["title"]) not in {
                    (pe["enterprise_id"], pm["title"]) for pe, pm in ent_pool}:
                ent_pool.append((e, options[rank]))

    planned, n = [], 0
    for cycle in cycles:
        n_park, n_chain, n_ent = profile["measure_plan"].get(cycle, (1, 1, 2))
        batch = [("园区", None, park_pool.pop(0)) for _ in range(min(n_park, len(park_pool)))]
        batch += [("产业链", c, m) for c, m in (chain_pool.pop(0) for _ in range(min(n_chain, len(chain_pool))))]
        batch += [("企业", e, m) for e, m in (ent_pool.pop(0) for _ in range(min(n_ent, len(ent_pool))))]
        for level, scope, tmpl in batch:
            n += 1
            planned.append(dict(measure_id=f"{profile['id_prefix']}-M{n:02d}", level=level, scope=scope,
                                tmpl=tmpl, intro=cycle))
    # a park may drop a planned measure (e.g. a market that did not materialise)
    first_batch = [m for m in planned if m["tmpl"]["cost_class"] == "中高费" and m["intro"] == first
                   and "path" not in m["tmpl"]]
    for m in first_batch[len(first_batch) - profile.get("cancelled", 0):]:
        m["cancel"] = True
    return planned


def _chains_by_size(year: dict[str, dict]) -> list[str]:
    size: dict[str, float] = {}
    for y in year.values():
        size[y["enterprises"]["chain"]] = size.get(y["enterprises"]["chain"], 0.0) + y["metrics"]["energy"]
    return sorted(size, key=lambda c: -size[c])


def measure_rows(base: int, profile: dict, planned: list[dict], cycle: int,
                 years: dict[int, dict[str, dict]]) -> list[dict]:
    """The measures as they stand in one cycle: status moves along its path; expected effects are
    fixed when introduced; achieved effects appear once work starts and are stable afterwards."""
    rows = []
    for m in planned:
        if m["intro"] > cycle:
            continue
        if m["level"] == "企业" and m["scope"]["enterprise_id"] not in years[cycle]:
            continue  # the enterprise has left the park
        tmpl, draws = m["tmpl"], measure_draws(base, m)
        status = status_in(m, draws, cycle)
        expected = _expected_effects(draws, m, years[m["intro"]])
        start, end = _measure_dates(draws, m["intro"], cycle)
        row = dict(
            measure_id=m["measure_id"], level=m["level"],
            enterprise_id=m["scope"]["enterprise_id"] if m["level"] == "企业" else None,
            chain=m["scope"] if m["level"] == "产业链" else None,
            title=tmpl["title"], measure_type=tmpl["measure_type"], cost_class=tmpl["cost_class"],
            target=tmpl["target"], investment=r(draws["invest"], 1),
            **{f"expected_{k}": v for k, v in expected.items()},
            status=status, start_date=start, end_date=end,
        )
        done_share = draws["done"].get(status)
        for k, v in expected.items():
            d = DECIMALS["measures"][f"achieved_{k}"]
            row[f"achieved_{k}"] = r(v * done_share, d) if done_share is not None and v is not None else None
        rows.append(row)
    return rows


def measure_draws(base: int, m: dict) -> dict:
    """Every random choice about one measure, drawn in a fixed order from its own generator, so
    that its rows in every cycle and its effect on the enterprise's data agree."""
    rng = child_rng(base, "measure", m["measure_id"])
    tmpl = m["tmpl"]
    path = CANCELLED_PATH if m.get("cancel") else tmpl.get("path") or rng.choice(STATUS_PATHS[tmpl["cost_class"]])
    start_month = rng.randint(1, 9)
    return dict(
        path=path,
        share=tmpl["effect"] * rng.uniform(0.8, 1.2),   # share of the metric saved when complete
        invest=rng.uniform(*tmpl["invest"]),
        start=(start_month, rng.randint(1, 28)),
        end=(rng.randint(start_month + 1, 12), rng.randint(1, 28)),
        done={"实施中": rng.uniform(0.3, 0.6), "已完成": rng.uniform(0.85, 1.1)},  # achieved / expected
    )


def status_in(m: dict, draws: dict, cycle: int) -> str:
    path = draws["path"]
    return path[min(cycle - m["intro"], len(path) - 1)]


# metrics an enterprise measure changes in its own data: the key in enterprise_year's `effects`
EFFECT_METRICS = {"energy", "water", "CO2", *WATER_POLLUTANTS, *AIR_POLLUTANTS}


def measure_effects(base: int, planned: list[dict], cycles: list[int]) -> dict[tuple[str, int], dict[str, float]]:
    """(enterprise id, cycle) -> {metric: multiplier}: what the enterprise's own measures have
    achieved so far, so that a completed 干熄焦 shows as lower energy use in the data."""
    effects: dict[tuple[str, int], dict[str, float]] = {}
    for m in planned:
        if m["level"] != "企业" or m["tmpl"]["target"] not in EFFECT_METRICS:
            continue
        draws = measure_draws(base, m)
        for cycle in cycles:
            done = draws["done"].get(status_in(m, draws, cycle)) if cycle >= m["intro"] else None
            if done is not None:
                key = (m["scope"]["enterprise_id"], cycle)
                metric = m["tmpl"]["target"]
                factor = max(0.0, 1.0 - draws["share"] * done)
                effects.setdefault(key, {})[metric] = effects.get(key, {}).get(metric, 1.0) * factor
    return effects


def _expected_effects(draws: dict, m: dict, year: dict[str, dict]) -> dict:
    """Savings sized on the scope's metric in the cycle the measure was planned."""
    target = m["tmpl"]["target"]
    if m["level"] == "企业":
        scope = [year[m["scope"]["enterprise_id"]]]
    elif m["level"] == "产业链":
        scope = [y for y in year.values() if y["enterprises"]["chain"] == m["scope"]]
    else:
        scope = list(year.values())
    total = lambda key: sum(y["metrics"].get(key, 0.0) for y in scope)  # noqa: E731
    share = draws["share"]
    energy = water = pollutant = co2 = None
    if target == "energy":
        energy = total("energy") * share
        co2 = energy * 2.5  # mostly coal-type fuel saved
    elif target == "water":
        water = total("water") * share
    elif target == "CO2":
        co2 = total("CO2") * share
    elif target in ("solid_waste", "hazardous_waste"):
        pollutant = total(target) * share  # waste newly utilised instead of stored or disposed
    elif target != "management":
        pollutant = total(target) * share
        if target == "COD" and m["level"] != "企业":
            water = total("water") * share * 0.3  # collection fixes also stop leaks
    benefit = (energy or 0) * 0.09 + (water or 0) * 0.00045 + (co2 or 0) * 0.006 + \
        ((pollutant or 0) * 0.002 if target in ("solid_waste", "hazardous_waste") else 0.0)
    return dict(
        energy_saving=r(energy, 1), water_saving=r(water, 0), pollutant_reduction=r(pollutant, 3),
        co2_reduction=r(co2, 1), economic_benefit=r(benefit, 1) if benefit else None,
    )


def _measure_dates(draws: dict, intro: int, cycle: int):
    """start_date once work starts; end_date = completion (or planned completion while running)."""
    path = draws["path"]
    start_year = next((intro + i for i, s in enumerate(path) if s in ("实施中", "已完成")), None)
    done_year = next((intro + i for i, s in enumerate(path) if s == "已完成"), None)
    (start_month, start_day), (end_month, end_day) = draws["start"], draws["end"]
    status = path[min(cycle - intro, len(path) - 1)]
    if status in ("计划", "已取消") or start_year is None:
        return None, None
    start = f"{start_year}-{start_month:02d}-{start_day:02d}"
    end_year = done_year if done_year is not None else start_year + 2
    return start, f"{end_year}-{end_month:02d}-{end_day:02d}"


# --------------------------------------------------------------------------------------------
# One park, every cycle
# --------------------------------------------------------------------------------------------

def generate_park(rng: random.Random, profile: dict, cycles: list[int], n_enterprises: int,
                  industry_mix, *, park_id: str | None = None,
                  coefficients: dict | None = None) -> dict[int, dict[str, list[dict]]]:
    """Every table of every cycle for one park: {cycle: {table: [row dict, ...]}}.

    Values are Python values (str, float rounded to the column's decimals, int, bool, None for an
    empty cell); `write_package` turns them into CSV.

    `profile` is a dict shaped like the entries of PARK_PROFILES:
      required: park_name, catalog_code, province, approval_level, zone_type, approval_date,
        approved_area, leading_industries (the catalogue row); id_prefix, name_prefixes,
        area_codes (6-digit codes for the USCC); base_year; tail_va_median, tail_va_sigma
        (10^4 CNY); va_growth, listed_share (ranges); land_area_km2; water_scarce_city;
        improve (yearly rates); reclaimed_share; pv_share; audit_rate; disclose_rate; facilities.
      optional: voluntary_audit_rate, voluntary_disclose_rate, hw_storage, anchors (named big or entering/closing enterprises), permit_exceed, blanks,
        water_gaps, voc_gaps, measure_plan, cancelled, chain_names (archetype chain -> the
        park's own name for it), grid_factor, heat_factor.
    `industry_mix` is [(archetype key, weight), ...] for the enterprises that are not anchors;
    `n_enterprises` counts the enterprises active in the base year.
    """
    coefficients = coefficients or load_coefficients()
    park_id = park_id or profile.get("park_id", "park")
    base = rng.getrandbits(64)  # everything below derives from this, by purpose, not by order
    roster = build_roster(child_rng(base, "roster"), profile, n_enterprises, industry_mix)

    # pass 1 sizes the enterprises, so the measures go to the ones that weigh most; pass 2 puts
    # what those measures achieved into the enterprises' data
    years = generate_years(base, profile, roster, cycles, coefficients, {})
    planned = plan_measures(base, profile, roster, cycles, years)
    # enterprise_year is a pure function of its arguments: pass 2 recomputes only the enterprise
    # years that a measure changed and takes the rest from pass 1 (same values, a fraction of the work)
    years = generate_years(base, profile, roster, cycles, coefficients, measure_effects(base, planned, cycles),
                           reuse=years)
    out = {}
    for cycle in cycles:
        ent_years = years[cycle]
        ents = [y["enterprises"] for y in ent_years.values()]
        tables = {
            "park": [park_row(base, profile, park_id, cycle, ents)],
            "enterprises": [{k: v for k, v in x.items() if not k.startswith("_")} for x in ents],
            "energy": [row for y in ent_years.values() for row in y["energy"]],
            "water": [y["water"] for y in ent_years.values()],
            "emissions": [row for y in ent_years.values() for row in y["emissions"]],
            "solid_waste": [row for y in ent_years.values() for row in y["solid_waste"]],
            "carbon": [y["carbon"] for y in ent_years.values()],
            "park_facilities": [facilities_row(profile, park_id, cycle)],
            "measures": measure_rows(base, profile, planned, cycle, years),
        }
        apply_gaps(profile, roster, cycle, tables)
        out[cycle] = tables
    return out


def generate_years(base: int, profile: dict, roster: list[dict], cycles: list[int], coefficients: dict,
                   effects: dict[tuple[str, int], dict[str, float]],
                   reuse: dict[int, dict[str, dict]] | None = None) -> dict[int, dict[str, dict]]:
    """{cycle: {enterprise id: that enterprise's rows and metrics}} for the active enterprises.

    `reuse`: the result of an earlier call with the same arguments but no effects; an enterprise
    year without effects is taken from it instead of being generated again."""
    years: dict[int, dict[str, dict]] = {}
    for cycle in cycles:
        ent_years = {}
        for e in roster:
            if is_active(e, cycle):
                eff = effects.get((e["enterprise_id"], cycle), {})
                if not eff and reuse is not None and e["enterprise_id"] in reuse.get(cycle, {}):
                    ent_years[e["enterprise_id"]] = reuse[cycle][e["enterprise_id"]]
                    continue
                y = enterprise_year(base, profile, e, cycle, coefficients, eff)
                y["_arch"] = e["arch"]
                y["enterprises"]["_arch"] = e["arch"]
                ent_years[e["enterprise_id"]] = y
        balance_heat_exports(ent_years)
        years[cycle] = ent_years
    return years


def apply_gaps(profile: dict, roster: list[dict], cycle: int, tables: dict[str, list[dict]]) -> None:
    """Deliberate holes, the kind real submissions have: blank cells, small firms that filed no
    water data, VOCs not reported. Later stages must show them as missing, not as zero."""
    for (table, year), fields in profile.get("blanks", {}).items():
        if year == cycle:
            for row in tables[table]:
                for f in fields:
                    row[f] = None
    active = {row["enterprise_id"]: row for row in tables["enterprises"]}
    small = sorted((e for e in roster if e["enterprise_id"] in active and not e["big"] and e["role"] is None),
                   key=lambda e: (active[e["enterprise_id"]]["value_added"], e["enterprise_id"]))
    n_water = profile.get("water_gaps", {}).get(cycle, 0)
    drop = {e["enterprise_id"] for e in small[:n_water]}
    tables["water"] = [w for w in tables["water"] if w["enterprise_id"] not in drop]
    n_voc = profile.get("voc_gaps", {}).get(cycle, 0)
    voc_emitters = [e for e in small if "VOCs" in e["arch"]["air"]]
    drop = {e["enterprise_id"] for e in voc_emitters[:n_voc]}
    tables["emissions"] = [x for x in tables["emissions"]
                           if not (x["pollutant"] == "VOCs" and x["enterprise_id"] in drop)]


# --------------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------------

def format_cell(value, decimals: int | None) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return f"{value:.{decimals if decimals is not None else 2}f}"
    return str(value)


def _cell_formatter(decimals: int | None):
    """format_cell(value, decimals) for one column, with the common types tested first: the
    synthetic generator writes millions of cells through this (same output as format_cell)."""
    spec = f".{decimals if decimals is not None else 2}f"

    def fmt(value) -> str:
        kind = type(value)
        if kind is float:
            return format(value, spec)
        if kind is str:
            return value
        if value is None:
            return ""
        return format_cell(value, decimals)

    return fmt


def table_csv(table: str, schema: dict, rows: list[dict]) -> str:
    """CSV text: schema column order, rows sorted by primary key, '\\n' line ends, no BOM."""
    fields = [f["name"] for f in schema["fields"]]
    key = schema.get("primaryKey", [])
    rows = sorted(rows, key=lambda row: tuple(str(row[k]) for k in key))
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(fields)
    decimals = DECIMALS.get(table, {})
    formatters = [(name, _cell_formatter(decimals.get(name))) for name in fields]
    # in the energy table the decimals of a quantity follow its unit
    quantity = fields.index("quantity") if table == "energy" else None
    by_unit = {unit: _cell_formatter(d) for unit, d in UNIT_DECIMALS.items()}
    for row in rows:
        cells = [fmt(row.get(name)) for name, fmt in formatters]
        if quantity is not None:
            cells[quantity] = by_unit[row["unit"]](row.get("quantity"))
        writer.writerow(cells)
    return buf.getvalue()


def write_package(data_root: Path, park_id: str, cycle: int | str, park_name: str,
                  tables: dict[str, list[dict]], *, schemas: dict[str, dict] | None = None,
                  descriptor_text: str | None = None) -> Path:
    """Write data/<park>/<cycle>/ atomically: build it in a temporary sibling, then swap it in.

    A caller writing thousands of packages may pass the shared schemas ({table: schema}) and the
    descriptor's text, already built, instead of having them read and built for every package;
    they must be what data_root/schemas and generator.core.descriptor would give (same bytes)."""
    data_root = Path(data_root)
    park_dir = data_root / park_id
    park_dir.mkdir(parents=True, exist_ok=True)
    target = park_dir / str(cycle)
    tmp = Path(tempfile.mkdtemp(prefix=f".{cycle}.tmp-", dir=park_dir))
    try:
        for table in TABLES:
            if schemas is not None:
                schema = schemas[table]
            else:
                schema = json.loads((schemas_dir(data_root) / f"{table}.json").read_text(encoding="utf-8"))
            (tmp / f"{table}.csv").write_bytes(table_csv(table, schema, tables[table]).encode("utf-8"))
        if descriptor_text is not None:
            (tmp / "datapackage.json").write_bytes(descriptor_text.encode("utf-8"))
        else:
            write_descriptor(tmp, build_descriptor(data_root, park_id, str(cycle), park_name, fictional=True))
        old = None
        if target.exists():
            old = park_dir / f".{cycle}.old"
            if old.exists():
                shutil.rmtree(old)
            os.replace(target, old)
        os.replace(tmp, target)
        if old is not None:
            shutil.rmtree(old)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp)
    return target


def park_rng(park_id: str, seed: str = DEMO_SEED) -> random.Random:
    return random.Random(f"{seed}:{park_id}")


def make_demo(data_root: Path, cycles: list[int] = DEMO_CYCLES) -> list[Path]:
    coefficients = load_coefficients(data_root)
    written = []
    for park_id, profile in PARK_PROFILES.items():
        by_cycle = generate_park(park_rng(park_id), profile, cycles, profile["n_enterprises"],
                                 profile["industry_mix"], park_id=park_id, coefficients=coefficients)
        for cycle, tables in by_cycle.items():
            written.append(write_package(data_root, park_id, cycle, profile["park_name"], tables))
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-root", type=Path, default=Path("data"),
                        help="folder holding schemas/ and reference/ (default: data)")
    args = parser.parse_args(argv)
    if not (schemas_dir(args.data_root)).is_dir():
        print(f"错误：{args.data_root}/schemas 不存在 / error: {args.data_root}/schemas not found", file=sys.stderr)
        return 2
    for path in make_demo(args.data_root):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
