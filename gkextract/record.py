"""The record of ``../shared/spec/record.md`` as pydantic models: the contract, nothing else."""
from __future__ import annotations

from typing import Any, Literal, Optional, Union

from pydantic import BaseModel, ConfigDict, Field, model_serializer, model_validator

SCHEMA = "gkextract.record/1"

Cell = Optional[Union[int, float]]
Format = Literal["txt", "html", "docx", "pdf", "image"]
TemplateId = Literal["2021", "2019", "legacy", "unknown"]
Severity = Literal["error", "warning", "info"]

SECTION_KEYS = (
    "overview", "proactive", "responses", "requests", "fees", "review_litigation",
    "organization", "training", "problems", "other", "statistics",
)
SectionKey = Literal[
    "overview", "proactive", "responses", "requests", "fees", "review_litigation",
    "organization", "training", "problems", "other", "statistics",
]
FIGURE_LABELS = (
    "PROACTIVE_TOTAL", "DOCS_ISSUED", "NORMATIVE_DOCS", "PORTAL_POSTS", "NEWMEDIA_POSTS",
    "INTERPRETATIONS", "PRESS_EVENTS", "REQUESTS_RECEIVED", "REQUESTS_HANDLED", "REVIEW_LITIGATION",
    "TRAINING", "FEES", "RATE",
)
FigureLabel = Literal[
    "PROACTIVE_TOTAL", "DOCS_ISSUED", "NORMATIVE_DOCS", "PORTAL_POSTS", "NEWMEDIA_POSTS",
    "INTERPRETATIONS", "PRESS_EVENTS", "REQUESTS_RECEIVED", "REQUESTS_HANDLED", "REVIEW_LITIGATION",
    "TRAINING", "FEES", "RATE",
]
PROBLEM_THEMES = (
    "awareness", "scope_depth", "timeliness", "interpretation", "response_interaction",
    "decision_transparency", "application_handling", "staff_capacity", "platforms", "mechanisms",
    "info_management", "grassroots", "digitalisation", "supervision_resources",
)
MEASURE_THEMES = (
    "training", "mechanisms", "scope_content", "timeliness", "interpretation_response", "platforms",
    "application_handling", "staffing", "supervision", "grassroots", "digital", "review_secrecy",
    "participation",
)
RULE_IDS = (
    "T3_BALANCE", "T3_TOTAL_SUM", "T3_ROW_SUM", "T3_OTHER_LAYOUT", "T4_SUM", "T2_TOTAL_LT_NEW",
    "T2_FEE_UNIT", "T2_RULES_POWER", "NEGATIVE_OR_FRACTION", "NON_NUMERIC_CELL", "BLANK_CELLS",
    "TEMPLATE_OUTDATED", "SECTION_MISSING", "SECTION_ORDER", "TABLE_MISSING", "NARRATIVE_REQUESTS",
    "NARRATIVE_REVIEW", "NARRATIVE_DOCS", "YEAR_MISMATCH", "LATE_PUBLICATION",
    "PROBLEMS_WITHOUT_MEASURES", "CROSS_YEAR_CARRY", "DUPLICATE_CONTENT",
)
RuleId = Literal[
    "T3_BALANCE", "T3_TOTAL_SUM", "T3_ROW_SUM", "T3_OTHER_LAYOUT", "T4_SUM", "T2_TOTAL_LT_NEW",
    "T2_FEE_UNIT", "T2_RULES_POWER", "NEGATIVE_OR_FRACTION", "NON_NUMERIC_CELL", "BLANK_CELLS",
    "TEMPLATE_OUTDATED", "SECTION_MISSING", "SECTION_ORDER", "TABLE_MISSING", "NARRATIVE_REQUESTS",
    "NARRATIVE_REVIEW", "NARRATIVE_DOCS", "YEAR_MISMATCH", "LATE_PUBLICATION",
    "PROBLEMS_WITHOUT_MEASURES", "CROSS_YEAR_CARRY", "DUPLICATE_CONTENT",
]


class Source(BaseModel):
    path: str
    format: Format
    sha256: str
    ocr_pages: list[int] = Field(default_factory=list)  # 1-based pages read by OCR

    @model_serializer(mode="wrap")
    def _drop_no_ocr(self, handler):
        out = handler(self)
        if not out.get("ocr_pages"):
            out.pop("ocr_pages", None)
        return out


class Section(BaseModel):
    key: SectionKey
    title: str
    start: Optional[int] = None
    end: Optional[int] = None


class ExtraRow(BaseModel):
    label: str
    cells: list[Cell] = Field(default_factory=list)


class StatTable(BaseModel):
    """``{row_key: {col_key: cell}}`` plus the optional ``units`` and ``extra_rows`` keys of record.md.

    In Python the rows live in ``rows``; in JSON they sit at the top level beside ``units``/``extra_rows``.
    """

    rows: dict[str, dict[str, Cell]] = Field(default_factory=dict)
    units: dict[str, str] = Field(default_factory=dict)
    extra_rows: list[ExtraRow] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _unflatten(cls, data: Any) -> Any:
        if isinstance(data, dict) and "rows" not in data:
            data = dict(data)
            units = data.pop("units", {}) or {}
            extra = data.pop("extra_rows", []) or []
            return {"rows": data, "units": units, "extra_rows": extra}
        return data

    @model_serializer(mode="wrap")
    def _flatten(self, handler):
        out: dict[str, Any] = {k: dict(v) for k, v in self.rows.items()}
        if self.units:
            out["units"] = dict(self.units)
        if self.extra_rows:
            out["extra_rows"] = [r.model_dump() for r in self.extra_rows]
        return out

    def get(self, row: str, col: str) -> Cell:
        return self.rows.get(row, {}).get(col)


class LegacyStat(BaseModel):
    label: str
    unit: Optional[str] = None
    value: Cell = None
    values: Optional[list[Cell]] = None

    @model_serializer(mode="wrap")
    def _drop_absent_values(self, handler):
        out = handler(self)
        if out.get("values") is None:
            out.pop("values", None)
        return out


class Tables(BaseModel):
    proactive: Optional[StatTable] = None
    requests: Optional[StatTable] = None
    review_litigation: Optional[StatTable] = None
    legacy_stats: Optional[list[LegacyStat]] = None


class Figure(BaseModel):
    label: FigureLabel
    value: Union[int, float]
    unit: Optional[str] = None
    text: str
    start: Optional[int] = None
    end: Optional[int] = None


class Item(BaseModel):
    text: str
    themes: list[str] = Field(default_factory=list)


class Check(BaseModel):
    rule: RuleId
    severity: Severity
    message: str = ""
    cells: list[str] = Field(default_factory=list)
    quote: Optional[str] = None  # the prose sentence a narrative rule compared

    @model_serializer(mode="wrap")
    def _drop_no_quote(self, handler):
        out = handler(self)
        if out.get("quote") is None:
            out.pop("quote", None)
        return out


class Provenance(BaseModel):
    """Provenance: the package version and, per component, what produced its part (``rules`` or
    ``model:<name>``)."""

    version: str = ""
    components: dict[str, str] = Field(default_factory=dict)


class Record(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    schema_: Literal["gkextract.record/1"] = Field(SCHEMA, alias="schema")
    source: Source
    title: Optional[str] = None
    agency: Optional[str] = None
    year: Optional[int] = None
    date: Optional[str] = None
    template: TemplateId = "unknown"
    sections: list[Section] = Field(default_factory=list)
    tables: Tables = Field(default_factory=Tables)
    figures: list[Figure] = Field(default_factory=list)
    problems: list[Item] = Field(default_factory=list)
    measures: list[Item] = Field(default_factory=list)
    checks: list[Check] = Field(default_factory=list)
    pipeline: Provenance = Field(default_factory=Provenance)

    def to_json(self, indent: Optional[int] = 1) -> str:
        import json

        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def to_dict(self) -> dict[str, Any]:
        return self.model_dump(by_alias=True, mode="json")
