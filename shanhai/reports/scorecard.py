"""Assessment scorecard (考核评分表): the county pairs under a city or province pair, indicator by
indicator, scored under the year's weights and ranked; the parent's own roll-up as a summary row.

Actuals, targets, completion and scores are ``assessment.selectors.pairing_results``; the parent's
roll-up is the same selector on the parent (its figures include the pairs nested in it). What this
module adds is the ranking and the workbook offices hand in.
"""

import io
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from shanhai.assessment.models import MONEY_UNIT
from shanhai.assessment.selectors import IndicatorResult, indicators_for, pairing_results
from shanhai.core.exporting import inert_text
from shanhai.pairings.models import Pairing
from shanhai.pairings.selectors import pairing_subtree_ids, pairings_for

from .dashboards import PairRow

COUNTY = "county"
TEN_HAVES = "ten_haves"  # the 十有 indicator, where the year's set has it
WAN = Decimal(10000)


@dataclass
class ScorecardRow(PairRow):
    rank: int | None = None

    @property
    def ten_haves(self) -> IndicatorResult | None:
        return self.result(TEN_HAVES)


@dataclass
class Scorecard:
    parent: Pairing
    year: int
    indicators: list
    rows: list[ScorecardRow]  # the county pairs, best first
    summary: ScorecardRow | None  # the parent's own results (its figures include the nested pairs)

    @property
    def has_ten_haves(self) -> bool:
        return any(i.key == TEN_HAVES for i in self.indicators)

    @property
    def groups(self) -> list[tuple[object, list]]:
        """The indicators under their dimension, in the set's order (for grouped headers)."""
        out: list[tuple[object, list]] = []
        for ind in self.indicators:
            if not out or out[-1][0].pk != ind.dimension_id:
                out.append((ind.dimension, []))
            out[-1][1].append(ind)
        return out


def county_pairs_under(*, user, parent: Pairing) -> list[Pairing]:
    """The county pairs (kind ``county``) in the parent's subtree that the user may see."""
    ids = pairing_subtree_ids(parent)[1:]
    return list(pairings_for(user=user, kind=COUNTY).filter(pk__in=ids).order_by("sort_key", "id"))


def rank_rows(rows: list[ScorecardRow]) -> list[ScorecardRow]:
    """Best total first; equal totals share a rank and the next rank skips (1, 1, 3)."""
    ordered = sorted(rows, key=lambda r: (-r.total_score, r.pairing.sort_key, r.pairing.pk))
    for row in ordered:
        row.rank = 1 + sum(1 for other in ordered if other.total_score > row.total_score)
    return ordered


def scorecard(*, user, parent: Pairing, year: int, summary: bool = True) -> Scorecard:
    """The county pairs under ``parent`` ranked; ``summary=False`` leaves out the parent's roll-up
    (a single pair's rank does not need it)."""
    rows = [ScorecardRow(p, pairing_results(user=user, pairing=p, year=year))
            for p in county_pairs_under(user=user, parent=parent)]
    return Scorecard(
        parent=parent, year=year, indicators=indicators_for(year=year), rows=rank_rows(rows),
        summary=ScorecardRow(parent, pairing_results(user=user, pairing=parent, year=year)) if summary else None,
    )


@dataclass
class PairScorecard:
    row: ScorecardRow
    year: int
    parent: Pairing | None  # the pair it is ranked within; None when there is none the user may see
    of: int  # how many pairs it is ranked among


def ranking_parent(*, user, pairing: Pairing) -> Pairing | None:
    """The nearest pair above ``pairing`` that the user may see and that is a city or province pair."""
    visible = set(pairings_for(user=user).values_list("pk", flat=True))
    node, seen = pairing.parent, set()
    while node is not None and node.pk not in seen:
        seen.add(node.pk)
        if node.pk in visible and node.kind_id in ("city", "province"):
            return node
        node = node.parent
    return None


def pair_scorecard(*, user, pairing: Pairing, year: int) -> PairScorecard:
    """One county pair's scorecard and its rank among the county pairs of its city (when visible)."""
    parent = ranking_parent(user=user, pairing=pairing)
    if parent is not None:
        card = scorecard(user=user, parent=parent, year=year, summary=False)
        row = next((r for r in card.rows if r.pairing.pk == pairing.pk), None)
        if row is not None:
            return PairScorecard(row=row, year=year, parent=parent, of=len(card.rows))
    return PairScorecard(row=ScorecardRow(pairing, pairing_results(user=user, pairing=pairing, year=year)),
                         year=year, parent=None, of=0)


def scorecard_as_dict(card: Scorecard) -> dict:
    def row(r: ScorecardRow) -> dict:
        return {
            "pairing": {"reference": r.pairing.reference, "name": r.pairing.display_name(), "kind": r.pairing.kind_id},
            "rank": r.rank, "total_score": f"{r.total_score:f}",
            "dimension_scores": [{"name": d.dimension.name, "score": f"{d.score:f}"} for d in r.dimensions],
            "indicators": [x.as_dict() for x in r.results],
        }

    return {
        "parent": {"reference": card.parent.reference, "name": card.parent.display_name()},
        "year": card.year, "rows": [row(r) for r in card.rows],
        "summary": row(card.summary) if card.summary else None,
    }


# ---------------------------------------------------------------- the workbook offices hand in


def _cell_value(value: Decimal | None, unit: str):
    """Money in 万元, exact (Decimal, to the fen: four more places); other units as they are."""
    if value is None:
        return None
    if unit == MONEY_UNIT:
        value = value / WAN
    return int(value) if value == value.to_integral_value() else value


def scorecard_title(card: Scorecard) -> str:
    return f"{card.year}年度东西部扶贫协作考核评分表（{card.parent.display_name()}）"


def scorecard_workbook(card: Scorecard) -> bytes:
    """Title row; dimensions over their indicators (merged); 实际/目标/完成率/得分 per indicator; one row
    per county pair, then the parent's roll-up; total and rank; a 说明 row with basis and date."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = f"{card.year}考核评分"[:31]

    def put(row: int, column: int, value):
        # Pairing, dimension and indicator names are other offices' data: never a live formula.
        return ws.cell(row, column, inert_text(value))

    thin = Side(style="thin", color="999999")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    head_fill = PatternFill("solid", fgColor="EAF0F6")
    bold = Font(bold=True)

    per = ("实际", "目标", "完成率（%）", "得分")
    last_col = 1 + 4 * len(card.indicators) + 2
    put(1, 1, scorecard_title(card)).font = Font(bold=True, size=14)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=last_col)
    ws.cell(1, 1).alignment = centre

    put(2, 1, "结对")
    ws.merge_cells(start_row=2, start_column=1, end_row=4, end_column=1)
    col = 2
    for dimension, inds in card.groups:
        put(2, col, dimension.name)
        ws.merge_cells(start_row=2, start_column=col, end_row=2, end_column=col + 4 * len(inds) - 1)
        for ind in inds:
            unit = "万元" if ind.unit == MONEY_UNIT else ind.unit
            put(3, col, f"{ind.name}（{unit}，权重{ind.weight.normalize():f}分）")
            ws.merge_cells(start_row=3, start_column=col, end_row=3, end_column=col + 3)
            for i, label in enumerate(per):
                put(4, col + i, label)
            col += 4
    for offset, label in enumerate(("总分", "排名")):
        put(2, col + offset, label)
        ws.merge_cells(start_row=2, start_column=col + offset, end_row=4, end_column=col + offset)
    for r in range(2, 5):
        for c in range(1, last_col + 1):
            cell = ws.cell(r, c)
            cell.alignment, cell.fill, cell.font, cell.border = centre, head_fill, bold, border

    def write(row_no: int, label: str, row: ScorecardRow, rank):
        put(row_no, 1, label)
        c = 2
        for ind in card.indicators:
            res = row.result(ind.key)
            scored = res.scored if res else None
            values = (
                _cell_value(scored.value if scored else None, ind.unit),
                _cell_value(res.target.value if res and res.target else None, ind.unit),
                res.completion if res else None,
                res.score if res else None,
            )
            for i, value in enumerate(values):
                cell = put(row_no, c + i, value)
                cell.border = border
                if i == 0 and value is not None and ind.unit == MONEY_UNIT:
                    cell.number_format = "#,##0.00####"
                elif i in (2,):
                    cell.number_format = "0.0"
                elif i == 3:
                    cell.number_format = "0.00"
            if scored is not None and scored.value is not None:
                ws.cell(row_no, c).comment = Comment(f"{scored.basis_label}：{scored.basis_text}", "shanhai")
            c += 4
        put(row_no, c, row.total_score).number_format = "0.00"
        put(row_no, c + 1, rank if rank is not None else "—")
        for cc in (1, c, c + 1):
            ws.cell(row_no, cc).border = border

    row_no = 5
    for row in card.rows:
        write(row_no, row.pairing.display_name(), row, row.rank)
        row_no += 1
    write(row_no, f"合计：{card.summary.pairing.display_name()}（含下级结对）", card.summary, None)
    for c in range(1, last_col + 1):
        ws.cell(row_no, c).font = bold
    row_no += 1

    note = (
        "说明：实际数由台账计算（逐笔登记、汇总记录或两者相加，各数口径见单元格批注与网页看板），"
        "只能填报的指标取已审核的填报数；按累计考核的指标取累计数。完成率 = 实际 ÷ 目标（%，保留一位小数）；"
        "得分 = 权重 × 完成率（封顶按当年指标体系），“有即得分”的指标有数即得全分。"
        "金额单位万元（精确到分）。同分同名次。"
        f"合计行为{card.summary.pairing.display_name()}本级汇总（含全部下级结对），不参加排名。"
        f"生成日期：{timezone.localdate():%Y-%m-%d}"
    )
    put(row_no, 1, note).alignment = Alignment(wrap_text=True, vertical="top")
    ws.merge_cells(start_row=row_no, start_column=1, end_row=row_no, end_column=last_col)
    ws.row_dimensions[row_no].height = 48

    ws.column_dimensions["A"].width = 34
    for c in range(2, last_col + 1):
        ws.column_dimensions[get_column_letter(c)].width = 11
    ws.row_dimensions[3].height = 48
    ws.freeze_panes = "B5"

    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
