"""Validation findings as data: a stable code, where it is, and a message in Chinese and English.

Every code is listed in CATALOGUE with its severity and message templates, so a code never changes
meaning, the messages can be translated in one place, and the docs can print the full list. The
codes of the steps before the domain rules are listed below; each domain rule declares its own
codes where it is defined (generator/validate/rules/), and loading the rules adds them here.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from dataclasses import field as dataclass_field

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Rule:
    severity: str
    zh: str
    en: str


@dataclass(frozen=True)
class Code:
    """A finding code as the check that emits it declares it: the code and its Rule."""

    code: str
    severity: str
    zh: str
    en: str

    @property
    def rule(self) -> Rule:
        return Rule(self.severity, self.zh, self.en)


# Templates use str.format with the finding's params. The order is the order of the
# validation-rules page: the codes of the steps before the domain rules (stage.py, files.py,
# table_schema.py; kept here, in one list, because the page interleaves them), then the domain
# rules' codes, which declare() appends as the rules are loaded.
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
    "path-not-file": Rule(ERROR, "数据表路径“{path}”不是普通文件，而是{kind_zh}；请指向数据包文件夹内的一个 CSV 文件", "the table path '{path}' is not a regular file but {kind}; point it to one CSV file in the package folder"),
    "descriptor-too-large": Rule(ERROR, "datapackage.json 有 {size} 字节，超过上限 {limit} 字节，未读取（含九个表结构的描述文件约 50 KB）", "datapackage.json has {size} bytes, more than the limit of {limit}, and was not read (a descriptor with its nine table schemas has about 50 kB)"),
    "descriptor-too-deep": Rule(ERROR, "datapackage.json 的嵌套超过 {limit} 层，未读取（描述文件只需 7 层）", "datapackage.json nests more than {limit} levels deep and was not read (a descriptor needs 7)"),
    "shared-data-unreadable": Rule(ERROR, "共享数据 {file} 无法读取，无法校验本数据包：{detail}", "the shared data {file} cannot be read, so this package cannot be checked: {detail}"),
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
    "findings-truncated": Rule(WARNING, "问题太多，计数在第 {row} 行停止（每个文件最多约 {limit} 个）：只列出到该行为止的 {shown} 个，后面的行可能还有问题", "too many findings: counting stopped at row {row} (about {limit} a file at most); the {shown} up to there are listed, and later rows may have more"),
}


def declare(code: Code) -> None:
    """Add a rule's code to CATALOGUE, after those already there. A code is declared once, so that
    its templates live in one place; another rule that emits it names it by its code."""
    if code.code in CATALOGUE:
        raise ValueError(f"finding code {code.code!r} is declared twice; name it by its code to emit it from another rule")
    CATALOGUE[code.code] = code.rule


# A message quotes values from the data (a cell, a path, a parser's detail), and a cell can be a
# megabyte long: every quoted value, and a field name taken from a header, is cut to QUOTE_LIMIT
# characters, and says so and how long it was, so that no message is much longer than its template.
QUOTE_LIMIT = 200
_QUOTED = re.compile(r"…(（共 [0-9,]+ 个字符）| \([0-9,]+ characters\))\Z")


def quote(value, lang: str):
    """`value` as a message quotes it: as it is, or, if its text is longer than QUOTE_LIMIT
    characters, its beginning, an ellipsis and its full length in `lang` ("zh" or "en").
    A text cut already is left as it is."""
    text = value if isinstance(value, str) else str(value)
    if len(text) <= QUOTE_LIMIT or (len(text) <= QUOTE_LIMIT + 40 and _QUOTED.search(text)):
        return value
    more = f"（共 {len(text):,} 个字符）" if lang == "zh" else f" ({len(text):,} characters)"
    return text[:QUOTE_LIMIT] + "…" + more


@dataclass(frozen=True)
class Finding:
    code: str
    file: str
    row: int | None = None
    field: str | None = None
    params: dict = dataclass_field(default_factory=dict, compare=False, hash=False)

    def __post_init__(self):
        if isinstance(self.field, str) and len(self.field) > QUOTE_LIMIT:  # a column name read from a header
            object.__setattr__(self, "field", quote(self.field, "en"))

    @property
    def severity(self) -> str:
        return CATALOGUE[self.code].severity

    @property
    def message_zh(self) -> str:
        return self._message(CATALOGUE[self.code].zh, "zh")

    @property
    def message_en(self) -> str:
        return self._message(CATALOGUE[self.code].en, "en")

    def _message(self, template: str, lang: str) -> str:
        return template.format_map(_Safe({k: quote(v, lang) for k, v in self.params.items()}))

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


# A table with a million bad rows gets the findings of its first rows and one more that says that
# counting stopped: a million findings would say no more, and would fill the memory and the screen.
MAX_PER_FILE = 1000


def cap_per_file(findings: list[Finding], stopped: dict[str, int] | None = None) -> list[Finding]:
    """At most about MAX_PER_FILE findings per file: those of its first rows, every finding of a
    row kept or none, then `findings-truncated` saying up to which row. `stopped` maps a file to
    the last row that a check read before it stopped counting (frictionless stops reading a table
    at MAX_PER_FILE errors): that file's findings after that row are dropped, and it gets the
    `findings-truncated` finding however many it has. Capping again changes nothing."""
    stopped = stopped or {}
    by_file: dict[str, list[Finding]] = {}
    for f in findings:
        by_file.setdefault(f.file, []).append(f)
    out: list[Finding] = []
    for file, group in by_file.items():
        if any(f.code == "findings-truncated" for f in group) or (len(group) <= MAX_PER_FILE and file not in stopped):
            out += group
            continue
        group = sorted(group, key=lambda f: f.row or 0)  # stable: a row's findings keep their order
        last = (group[MAX_PER_FILE - 1].row or 0) if len(group) > MAX_PER_FILE else None
        if file in stopped:
            last = stopped[file] if last is None else min(last, stopped[file])
        kept = [f for f in group if (f.row or 0) <= last]
        out += kept + [Finding("findings-truncated", file, last, None, {"limit": MAX_PER_FILE, "shown": len(kept), "row": last})]
    return out
