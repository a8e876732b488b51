"""Validation findings as data: a stable code, where it is, and a message in Chinese and English.

Every code is listed in CATALOGUE with its severity and message templates, so a code never changes
meaning, the messages can be translated in one place, and the docs can print the full list.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from dataclasses import field as dataclass_field

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Rule:
    severity: str
    zh: str
    en: str


# Templates use str.format with the finding's params.
CATALOGUE: dict[str, Rule] = {
    # --- the package itself ---------------------------------------------------------------
    "descriptor-unreadable": Rule(ERROR, "datapackage.json 无法读取：{detail}", "datapackage.json cannot be read: {detail}"),
    "resource-missing": Rule(ERROR, "数据包缺少数据表“{table}”", "the package lacks the table '{table}'"),
    "resource-unknown": Rule(WARNING, "数据包含有未知数据表“{table}”，将被忽略", "the package has an unknown table '{table}', which is ignored"),
    "remote-path": Rule(ERROR, "数据表路径“{path}”是网络地址；只允许数据包文件夹内的本地文件", "the table path '{path}' is a URL; only local files inside the package folder are allowed"),
    "absolute-path": Rule(ERROR, "数据表路径“{path}”是绝对路径；请改为相对数据包文件夹的路径", "the table path '{path}' is absolute; use a path relative to the package folder"),
    "parent-path": Rule(ERROR, "数据表路径“{path}”指向数据包文件夹之外（含 .. 或 ~）", "the table path '{path}' leaves the package folder (.. or ~)"),
    "symlink-escape": Rule(ERROR, "数据表“{path}”是指向数据包文件夹之外的符号链接", "the table '{path}' is a symbolic link that leaves the package folder"),
    "file-missing": Rule(ERROR, "找不到文件“{path}”", "the file '{path}' does not exist"),
    "schema-drift": Rule(ERROR, "数据表“{table}”的表结构与共享表结构 data/schemas/{table}.json 不一致；运行 parkaudit sync-schemas 更新", "the schema of table '{table}' differs from the shared data/schemas/{table}.json; run parkaudit sync-schemas"),
    "number-format": Rule(ERROR, "值“{cell}”不是可用的数字：只能使用半角数字、小数点、负号和科学计数法（如 1234.5、-0.2、1.5e3），不能有千分位、全角数字、单位或 inf", "the value '{cell}' is not a usable number: use ASCII digits, a decimal point, a minus sign or an exponent (e.g. 1234.5, -0.2, 1.5e3); no thousands separators, full-width digits, units or inf"),
    "table-empty": Rule(ERROR, "数据表 {table}.csv 没有数据行，园区有 {count} 家企业；没有{label_zh}数据无法审核", "the table {table}.csv has no rows while the park has {count} enterprises; an audit needs its {label} data"),
    "folder-name": Rule(ERROR, "文件夹“{folder}”不符合 data/<园区代码>/<年度>/ 的命名规则", "the folder '{folder}' does not follow data/<park-id>/<year>/"),
    # --- bytes and text -------------------------------------------------------------------
    "byte-order-mark": Rule(ERROR, "文件以 UTF-8 BOM（字节顺序标记）开头；请保存为不带 BOM 的 UTF-8", "the file starts with a UTF-8 byte-order mark; save it as UTF-8 without BOM"),
    "encoding-gbk": Rule(ERROR, "文件不是 UTF-8 编码，看起来是 GBK/GB18030（Excel 常见）；请另存为“CSV UTF-8”", "the file is not UTF-8; it looks like GBK/GB18030 (common from Excel); save it as 'CSV UTF-8'"),
    "encoding-invalid": Rule(ERROR, "文件不是 UTF-8 编码（第 {row} 行附近有无法识别的字节）", "the file is not UTF-8 (undecodable bytes near row {row})"),
    # --- Table Schema (found by frictionless) ------------------------------------------------
    "type-error": Rule(ERROR, "值“{cell}”不是有效的{type_zh}", "the value '{cell}' is not a valid {type}"),
    "constraint-error": Rule(ERROR, "值“{cell}”不满足约束：{constraint_zh}", "the value '{cell}' breaks a constraint: {constraint}"),
    "required-missing": Rule(ERROR, "必填字段为空", "a required field is empty"),
    "primary-key": Rule(ERROR, "主键（{field}）“{cells}”与第 {first_row} 行重复；每行的主键须唯一", "the primary key ({field}) '{cells}' repeats row {first_row}; every row needs its own"),
    "primary-key-empty": Rule(ERROR, "主键（{field}）为空", "the primary key ({field}) is empty"),
    "unique-error": Rule(ERROR, "值“{cell}”重复，须唯一", "the value '{cell}' is repeated; it must be unique"),
    "foreign-key": Rule(ERROR, "字段 {field} 的值“{cells}”在数据表 {reference}.csv 中不存在；请先在 {reference}.csv 中登记", "the {field} '{cells}' is not in {reference}.csv; add it there first"),
    "missing-label": Rule(ERROR, "缺少列“{field}”", "the column '{field}' is missing"),
    "extra-label": Rule(ERROR, "多出的列“{cell}”不在表结构中；请删除该列", "the extra column '{cell}' is not in the schema; remove it"),
    "incorrect-label": Rule(ERROR, "第 {position} 列的列名为“{cell}”，按表结构应为“{field}”（列的名称和顺序须与表结构一致）", "column {position} is named '{cell}' but the schema expects '{field}' (names and order must match the schema)"),
    "duplicate-label": Rule(ERROR, "列名“{cell}”重复", "the column '{cell}' is repeated"),
    "missing-cell": Rule(ERROR, "该行缺少单元格", "the row lacks a cell"),
    "extra-cell": Rule(ERROR, "该行多出单元格“{cell}”", "the row has an extra cell '{cell}'"),
    "blank-row": Rule(ERROR, "空行", "blank row"),
    "frictionless": Rule(ERROR, "数据包未通过 Frictionless 校验：{detail}", "the package fails a Frictionless check: {detail}"),
    # --- checks of our own ------------------------------------------------------------------
    "park-rows": Rule(ERROR, "园区概况表须恰好一行，现有 {count} 行", "the park profile must have exactly one row; it has {count}"),
    "park-id-mismatch": Rule(ERROR, "园区代码“{cell}”与文件夹名“{expected}”不一致", "the park id '{cell}' differs from the folder name '{expected}'"),
    "cycle-mismatch": Rule(ERROR, "审核年度 {cell} 与文件夹名“{expected}”不一致", "the audit year {cell} differs from the folder name '{expected}'"),
    "value-added-zero": Rule(ERROR, "工业增加值为 0，所有强度指标都无法计算；请填写统计年报数据", "industrial value added is 0, so no intensity can be computed; enter the yearbook figure"),
    "enterprise-total-exceeds-park": Rule(ERROR, "企业{label_zh}合计 {total} 大于园区{label_zh} {park}（园区数据应包含全部企业）", "the enterprises' total {label} {total} exceeds the park's {park} (the park figure includes every enterprise)"),
    "uscc-check-digit": Rule(ERROR, "统一社会信用代码“{cell}”校验位错误（GB 32100-2015），应为“{expected}”", "the unified social credit code '{cell}' has a wrong check character (GB 32100-2015); expected '{expected}'"),
    "permit-uscc-mismatch": Rule(WARNING, "排污许可证编号“{cell}”的前 18 位与统一社会信用代码“{uscc}”不一致", "the first 18 characters of the permit number '{cell}' differ from the USCC '{uscc}'"),
    "unknown-energy-carrier": Rule(ERROR, "能源品种与单位“{cell}”不在折标系数表中；可用：{allowed}", "the carrier and unit '{cell}' are not in the coefficient table; allowed: {allowed}"),
    "electricity-inconsistent": Rule(WARNING, "净购入电力 {purchased} MWh 大于能源表中的用电量 {consumed} MWh", "net purchased electricity {purchased} MWh exceeds the electricity consumed in the energy table, {consumed} MWh"),
    "waste-balance": Rule(WARNING, "固废平衡不闭合：利用+处置+贮存 = {out}，产生+利用往年贮存 = {into}（差 {gap}%）", "the waste balance does not close: utilised+disposed+stored = {out}, generated+from storage = {into} ({gap}% apart)"),
    "emission-over-permit": Rule(WARNING, "{pollutant} 实际排放量 {cell} t 超过许可排放量 {permitted} t", "actual {pollutant} emission {cell} t exceeds the permitted {permitted} t"),
    "measure-enterprise-required": Rule(ERROR, "企业层级的方案须填写企业代码", "an enterprise-level measure needs an enterprise id"),
    "measure-enterprise-unexpected": Rule(ERROR, "“{level}”层级的方案不应填写企业代码", "a measure at level '{level}' must not name an enterprise"),
    "measure-chain-required": Rule(ERROR, "产业链层级的方案须填写产业链/产业集群", "a chain-level measure needs the industry chain or cluster"),
    "measure-chain-unknown": Rule(WARNING, "产业链“{cell}”不是任何企业的产业链", "the chain '{cell}' is not the chain of any enterprise"),
    "measure-dates": Rule(ERROR, "完成日期 {cell} 早于开始日期 {start}", "the end date {cell} is before the start date {start}"),
    "measure-achieved-early": Rule(WARNING, "状态为“计划”的方案不应有实际效果数据", "a measure still planned should have no achieved figures"),
    "enterprise-without-energy": Rule(WARNING, "企业“{cell}”在能源表中没有数据", "the enterprise '{cell}' has no rows in the energy table"),
    "tenfold-jump": Rule(WARNING, "与上一周期（{previous_cycle}）相比变化超过十倍：{previous} → {cell}", "changed more than tenfold against the previous cycle ({previous_cycle}): {previous} → {cell}"),
}


@dataclass(frozen=True)
class Finding:
    code: str
    file: str
    row: int | None = None
    field: str | None = None
    params: dict = dataclass_field(default_factory=dict, compare=False, hash=False)

    @property
    def severity(self) -> str:
        return CATALOGUE[self.code].severity

    @property
    def message_zh(self) -> str:
        return CATALOGUE[self.code].zh.format_map(_Safe(self.params))

    @property
    def message_en(self) -> str:
        return CATALOGUE[self.code].en.format_map(_Safe(self.params))

    def sort_key(self):
        return (self.file, self.row or 0, self.field or "", self.code, self.message_en)

    def to_dict(self) -> dict:
        d = asdict(self)
        d.pop("params")
        d.update(severity=self.severity, message_zh=self.message_zh, message_en=self.message_en)
        return d


class _Safe(dict):
    """format_map that leaves unknown placeholders visible instead of raising."""

    def __missing__(self, key):
        return "{" + key + "}"
