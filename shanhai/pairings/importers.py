"""The pairing template: one row per pairing, as offices list them.

Itemised parties are region codes or organisation names; counted groups are written as
``7个经济强村@320583`` (count, kind, optional 已出列/未出列, then the region they are in).
"""

import re

from django.db.models import Q

from shanhai.core.importing import (
    Column,
    Importer,
    RowError,
    labels_to_values,
    parse_date,
    parse_record,
    split_list,
)
from shanhai.core.registry import register_importer
from shanhai.core.scope import ancestor_codes, not_visible_message, record_visible
from shanhai.orgs.models import Organisation
from shanhai.regions.models import Region
from shanhai.regions.selectors import region_get

from . import services
from .models import MemberKind, Pairing, PairingKind, PairingStatus, PartyRole, PartyType
from .services import PartySpec

STATUS_BY_LABEL = labels_to_values(PairingStatus.choices)
GROUP_RE = re.compile(r"^(?P<count>\d+)\s*(?P<unit>[个家名户所位人])?\s*(?P<kind>.+?)\s*(?:[（(](?P<exit>已出列|未出列)[）)])?\s*@\s*(?P<where>\S+)$")


def resolve_region(text: str, column: str) -> Region:
    """A code, or a name that means exactly one region (坪茶村 is in two counties: use the code)."""
    if text.isdigit():
        region = region_get(text)
        if region is None:
            raise RowError(f"区划代码不存在：{text}", column)
        return region
    matches = list(Region.objects.filter(Q(name=text) | Q(short_name=text))[:3])
    if not matches:
        raise RowError(f"找不到区划：{text}", column)
    if len(matches) > 1:
        codes = "、".join(f"{r.full_name} {r.display_code}" for r in matches)
        raise RowError(f"区划名称「{text}」不唯一（{codes}），请填写区划代码", column)
    return matches[0]


def resolve_party(token: str, role: str, column: str, *, actor) -> PartySpec:
    """'320583106' → the region's government; '昆山市司法局' or '昆山市司法局@320583' → an organisation."""
    if token.isdigit():
        return PartySpec(role=role, party_type=PartyType.REGION, region=resolve_region(token, column))
    name, _, where = token.partition("@")
    qs = Organisation.objects.visible_to(actor).filter(Q(name=name) | Q(short_name=name)).select_related("region")
    if where:
        qs = qs.filter(region__code__startswith=resolve_region(where, column).prefix)
    orgs = list(qs[:3])
    acting_in = None
    if not orgs and where:
        # An organisation above the region, acting in it: '苏州国发集团@320583'
        acting_in = resolve_region(where, column)
        above = Organisation.objects.visible_to(actor).filter(Q(name=name) | Q(short_name=name))
        orgs = list(above.filter(region__code__in=ancestor_codes(acting_in.prefix)).select_related("region")[:3])
    if len(orgs) == 1:
        return PartySpec(role=role, party_type=PartyType.ORGANISATION, organisation=orgs[0], region=acting_in)
    if len(orgs) > 1:
        raise RowError(f"单位「{name}」不唯一，请写成 单位名@区划代码", column)
    if where:
        raise RowError(f"在 {where} 找不到单位：{name}（须已在「单位」模板中登记，且在您的权限范围内）", column)
    try:
        region = resolve_region(name, column)
    except RowError as exc:
        if "不唯一" in exc.reason:
            raise
        raise RowError(f"找不到单位或区划：{token}（单位须已在「单位」模板中登记，且在您的权限范围内）", column) from exc
    return PartySpec(role=role, party_type=PartyType.REGION, region=region)


def resolve_group(token: str, role: str, column: str, *, actor) -> PartySpec:
    m = GROUP_RE.match(token.replace(" ", ""))
    if not m:
        raise RowError(f"汇总写法应为「数量+类别@区划代码」，如 7个经济强村@320583：{token}", column)
    kind = MemberKind.objects.filter(name=m["kind"]).first()
    if kind is None:
        raise RowError(f"未知汇总类别「{m['kind']}」；可选：{'、'.join(MemberKind.objects.values_list('name', flat=True))}", column)
    exited = {"已出列": True, "未出列": False}.get(m["exit"] or "")
    return PartySpec(
        role=role, party_type=PartyType.GROUP, region=resolve_region(m["where"], column), count=int(m["count"]),
        member_kind=kind, exited=exited, label=token,
    )


def parse_kind(text: str) -> PairingKind:
    kind = PairingKind.objects.filter(Q(name=text) | Q(code=text)).first()
    if kind is None:
        raise RowError("未知结对类型；可选：" + "、".join(PairingKind.objects.values_list("name", flat=True)))
    return kind


FIELDS = ("reference", "kind", "name", "start_date", "end_date", "status", "agreement", "source", "note")


@register_importer
class PairingImporter(Importer):
    name = "pairings"
    title = "结对关系"
    model = Pairing  # the engine keeps a date's precision ("2017-10": the month) in ``precisions``
    key = ("reference",)
    columns = [
        Column("结对编号", "reference", required=True, help="自编唯一编号；已存在的编号将被更新", example="KS-BJ-TOWN-01"),
        Column("上级结对编号", "parent", help="嵌套在哪个结对之下（本文件前面的行或系统中已有的结对）", example="KS-BJ"),
        Column("结对类型", "kind", required=True, parse=parse_kind, example="乡镇（街道）结对"),
        Column("名称", "name", help="留空则由双方名称生成"),
        Column("帮扶方", "helpers", help="逐一登记的帮扶方：区划代码或单位名称，多个用；分隔", example="320583106"),
        Column("帮扶方（汇总）", "helper_groups", help="只知数量时：数量+类别@区划代码，多个用；分隔", example="7个经济强村@320583"),
        Column("受帮扶方", "helped", help="逐一登记的受帮扶方", example="520602101"),
        Column("受帮扶方（汇总）", "helped_groups", help="如 7个深度贫困村@520602 或 10个深度贫困村（未出列）@520627", example=""),
        Column("开始日期", "start_date", parse=parse_date, example="2017-10", help="只知年月的写 2017-10 或 2017年10月"),
        Column("结束日期", "end_date", parse=parse_date),
        Column("状态", "status", parse=STATUS_BY_LABEL.__getitem__, choices=tuple(STATUS_BY_LABEL)),
        Column("协议", "agreement", help="协议名称或文号"),
        Column("来源", "source", help="数据出处"),
        Column("备注", "note"),
    ]

    def parties(self, row, *, actor) -> list[PartySpec]:
        specs = []
        for column, field, role, resolve in (
            ("帮扶方", "helpers", PartyRole.HELPER, resolve_party),
            ("帮扶方（汇总）", "helper_groups", PartyRole.HELPER, resolve_group),
            ("受帮扶方", "helped", PartyRole.HELPED, resolve_party),
            ("受帮扶方（汇总）", "helped_groups", PartyRole.HELPED, resolve_group),
        ):
            specs.extend(resolve(token, role, column, actor=actor) for token in split_list(row[field] or ""))
        if not any(s.role == PartyRole.HELPER for s in specs):
            raise RowError("至少填写一个帮扶方（逐一或汇总）", "帮扶方")
        if not any(s.role == PartyRole.HELPED for s in specs):
            raise RowError("至少填写一个受帮扶方（逐一或汇总）", "受帮扶方")
        return specs

    def _values(self, row) -> dict:
        values = {f: row[f] for f in FIELDS if row[f] is not None}
        for f in ("name", "agreement", "source", "note"):
            values.setdefault(f, "")
        values.setdefault("status", PairingStatus.ACTIVE)
        values["precisions"] = dict(row.get("precisions") or {})
        return values

    def existing(self, reference: str, *, actor) -> Pairing | None:
        """The pairing a row's 结对编号 names, when the importing user reads it; one beyond sight is taken."""
        found = Pairing.objects.filter(reference=reference).first()
        if found is not None and record_visible(Pairing, user=actor, pk=found.pk) is None:
            raise RowError(f"结对编号「{reference}」已被其他单位的结对使用，请换一个编号。", "结对编号")
        return found

    def build(self, row, *, actor, context):
        seen = context.setdefault("references", set())
        parent_ref = row["parent"]
        if parent_ref == row["reference"]:
            raise RowError("上级结对不能是自身", "上级结对编号")
        if parent_ref and parent_ref not in seen and record_visible(Pairing, user=actor, reference=parent_ref) is None:
            raise RowError(f"上级{not_visible_message(Pairing, parent_ref)}（须在系统中已有，或在本文件靠前的行）", "上级结对编号")
        seen.add(row["reference"])
        specs = self.parties(row, actor=actor)
        pairing = self.existing(row["reference"], actor=actor) or Pairing()
        for name, value in self._values(row).items():
            setattr(pairing, name, value)
        pairing.parent = record_visible(Pairing, user=actor, reference=parent_ref) if parent_ref else None
        pairing._pending_parties = services.parties_build(specs)
        return pairing

    def save(self, row, *, actor, context):
        values = self._values(row)
        values["parent"] = record_visible(Pairing, user=actor, reference=row["parent"]) if row["parent"] else None
        existing = self.existing(row["reference"], actor=actor)
        if existing:
            services.pairing_update(actor=actor, pairing=existing, parties=self.parties(row, actor=actor), **values)
        else:
            services.pairing_create(actor=actor, parties=self.parties(row, actor=actor), **values)


parse_pairing = parse_record(Pairing)
"""A pairing cell: its 结对编号, among the pairings the importing user reads."""
