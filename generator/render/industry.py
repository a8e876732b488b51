"""Industries as readers name them. Enterprises are ranked within their industry division (GB/T
4754-2017 国民经济行业分类 大类: the section letter and two digits of the industry code, "C26"), and
a reader needs that division's name ("化学原料和化学制品制造业"), not the names of the sub-classes that
happen to be in it: headings read "C26 化学原料和化学制品制造业", and the sub-classes follow.

The divisions a park's enterprises may hold: mining (B), manufacturing (C), power, heat, gas and
water (D), construction (E) and environmental management (N77), as the standard names them."""

from __future__ import annotations

DIVISIONS = {
    "B06": "煤炭开采和洗选业", "B07": "石油和天然气开采业", "B08": "黑色金属矿采选业", "B09": "有色金属矿采选业",
    "B10": "非金属矿采选业", "B11": "开采专业及辅助性活动", "B12": "其他采矿业",
    "C13": "农副食品加工业", "C14": "食品制造业", "C15": "酒、饮料和精制茶制造业", "C16": "烟草制品业", "C17": "纺织业",
    "C18": "纺织服装、服饰业", "C19": "皮革、毛皮、羽毛及其制品和制鞋业", "C20": "木材加工和木、竹、藤、棕、草制品业",
    "C21": "家具制造业", "C22": "造纸和纸制品业", "C23": "印刷和记录媒介复制业", "C24": "文教、工美、体育和娱乐用品制造业",
    "C25": "石油、煤炭及其他燃料加工业", "C26": "化学原料和化学制品制造业", "C27": "医药制造业", "C28": "化学纤维制造业",
    "C29": "橡胶和塑料制品业", "C30": "非金属矿物制品业", "C31": "黑色金属冶炼和压延加工业", "C32": "有色金属冶炼和压延加工业",
    "C33": "金属制品业", "C34": "通用设备制造业", "C35": "专用设备制造业", "C36": "汽车制造业",
    "C37": "铁路、船舶、航空航天和其他运输设备制造业", "C38": "电气机械和器材制造业", "C39": "计算机、通信和其他电子设备制造业",
    "C40": "仪器仪表制造业", "C41": "其他制造业", "C42": "废弃资源综合利用业", "C43": "金属制品、机械和设备修理业",
    "D44": "电力、热力生产和供应业", "D45": "燃气生产和供应业", "D46": "水的生产和供应业",
    "E47": "房屋建筑业", "E48": "土木工程建筑业", "E49": "建筑安装业", "E50": "建筑装饰、装修和其他建筑业",
    "N77": "生态保护和环境治理业",
}


def division_heading(code: str, sub_classes: list[str]) -> tuple[str, str]:
    """(the group's heading, the sub-classes in it as a line): ("C26 化学原料和化学制品制造业",
    "无机酸制造；磷肥制造": "；" because a sub-class's own name may hold "、", as 糕点、面包制造 does).
    A division not in the table is named by its sub-classes, as before."""
    names = "；".join(n for n in sub_classes if n)
    if code in DIVISIONS:
        return f"{code} {DIVISIONS[code]}", names
    return (f"{code} {names}" if names else code), ""


def industry_label(code: str | None) -> str:
    """An enterprise's industry code with its division's name: "化学原料和化学制品制造业（C2622）"."""
    if not code:
        return "—"
    division = DIVISIONS.get(code[:3])
    return f"{division}（{code}）" if division else code
