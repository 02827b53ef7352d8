from django.db.models import Q

from shanhai.core.importing import (
    Column,
    LedgerImporter,
    RowError,
    basis_column,
    money_column,
    parse_choice,
    parse_date,
    parse_int,
    parse_record,
    parse_year,
    qualifier_column,
)
from shanhai.core.registry import register_importer
from shanhai.core.scope import record_visible
from shanhai.core.units import UNIT_CHOICES
from shanhai.funds.importers import parse_fund
from shanhai.orgs.importers import parse_organisation
from shanhai.pairings.importers import parse_pairing
from shanhai.regions.importers import parse_decimal, parse_region

from . import services
from .models import (
    AssetClass,
    BenefitLink,
    BenefitMode,
    DistributionRule,
    FundAllocation,
    Project,
    ProjectAsset,
    ProjectCategory,
    ProjectOutput,
    ProjectStatus,
)

BASIS = basis_column()
QUALIFIER = qualifier_column(help="“20多户”“700多万元”填 以上")


def parse_category(text: str) -> ProjectCategory:
    category = ProjectCategory.objects.filter(Q(name=text) | Q(code=text)).first()
    if category is None:
        raise RowError("未知项目类别；可选：" + "、".join(ProjectCategory.objects.values_list("name", flat=True)))
    return category


parse_project = parse_record(Project, template="帮扶项目")


def parse_rule(text: str) -> DistributionRule:
    rule = DistributionRule.objects.filter(Q(name=text) | Q(code=text)).first()
    if rule is None:
        raise RowError("未知分配规则；可选：" + "、".join(DistributionRule.objects.values_list("code", flat=True)))
    return rule


class KeyedImporter(LedgerImporter):
    """A ledger template whose rows have no reference of their own: a row updates the record with
    the same ``key`` (a project and a mode, a fund and a project), or creates one."""

    def existing(self, row):
        return self.model.objects.filter(**{name: row[name] for name in self.key}).first()

    def build(self, row, *, actor, context):
        obj = self.existing(row) or self.model()
        for name, value in self.fields(row).items():
            setattr(obj, name, value)
        return obj

    def save(self, row, *, actor, context):
        existing = self.existing(row)
        if existing is not None:
            self.update(actor=actor, obj=existing, **self.fields(row))
        else:
            self.create(actor=actor, **self.fields(row))


def parse_quantity(text: str):
    """An output's quantity; the engine splits off its qualifier first ("300余" → 300, over)."""
    return parse_decimal(text)


parse_quantity.qualifiable = True


@register_importer
class ProjectImporter(LedgerImporter):
    name = "projects"
    title = "帮扶项目"
    model = Project
    columns = [
        Column("台账编号", "reference", required=True, example="KS-BJ-PRJ-001"),
        Column("项目名称", "name", required=True, example="高坝田村蓝莓种植项目"),
        Column("项目类别", "category", required=True, parse=parse_category, help="如 产业发展、农村基础设施、劳务协作", example="产业发展"),
        Column("实施地点区划代码", "place", required=True, parse=parse_region, example="520602101208"),
        Column("帮扶方区划代码", "helper_region", required=True, parse=parse_region, example="320583"),
        Column("帮扶单位", "helper_org", parse=parse_organisation),
        Column("结对编号", "pairing", parse=parse_pairing, example="KS-BJ-ENT-XH"),
        Column("年度", "year", required=True, parse=parse_year, example="2019"),
        Column("状态", "status", parse=parse_choice(ProjectStatus.choices), choices=tuple(str(c.label) for c in ProjectStatus),
               help="登记时的状态；此后逐级推进。汇总记录可空"),
        Column("经营模式", "operating_model", example="公司+合作社+农户"),
        BASIS,
        Column("项目个数", "project_count", parse=parse_int, help="汇总记录代表的项目个数", example="8"),
        Column("所属汇总项目", "part_of", help="本条是哪条汇总记录中的一部分（“其中”）：其台账编号，须在系统中已有或在本文件靠前的行"),
        Column("受益乡镇", "towns", parse=parse_int),
        Column("受益村", "villages", parse=parse_int),
        Column("受益户", "households", parse=parse_int),
        Column("受益人口", "persons", parse=parse_int),
        Column("其中建档立卡贫困户", "poor_households", parse=parse_int, example="188"),
        Column("其中建档立卡贫困人口", "poor_persons", parse=parse_int, example="734"),
        QUALIFIER,
        Column("来源", "source"),
        Column("备注", "note"),
    ]

    def record_fields(self, row, *, actor, context):
        # 所属汇总项目 is a reference: resolved when the row is checked and again when it is
        # saved, by which time an aggregate from a row above has been written.
        ref = row.get("part_of")
        part_of = record_visible(Project, user=actor, reference=ref) if ref else None
        return {**super().record_fields(row, actor=actor, context=context), "part_of": part_of}

    def build(self, row, *, actor, context):
        seen = context.setdefault("references", set())
        ref = row.get("part_of")
        if ref and ref not in seen and record_visible(Project, user=actor, reference=ref) is None:
            raise RowError(f"所属汇总项目不存在或不在您的权限范围内：{ref}（须在系统中已有，或在本文件靠前的行）", "所属汇总项目")
        seen.add(row["reference"])
        return super().build(row, actor=actor, context=context)

    def create(self, *, actor, **fields):
        return services.project_create(actor=actor, **fields)

    def update(self, *, actor, obj, **fields):
        return services.project_update(actor=actor, obj=obj, **fields)


@register_importer
class ProjectOutputImporter(KeyedImporter):
    name = "project-outputs"
    title = "项目产出"
    model = ProjectOutput
    key = ("project", "what")
    columns = [
        Column("项目编号", "project", required=True, parse=parse_project, example="KS-BJ-PRJ-001"),
        Column("产出内容", "what", required=True, example="蓝莓种植"),
        Column("数量", "quantity", required=True, parse=parse_quantity, example="105", help="可带限定，如 300余、近10、约100"),
        Column("单位", "unit", required=True, parse=parse_choice(UNIT_CHOICES), choices=tuple(u for u, _ in UNIT_CHOICES), example="亩"),
        Column("来源", "source"),
        Column("备注", "note"),
    ]

    def create(self, *, actor, **fields):
        return services.output_create(actor=actor, **fields)

    def update(self, *, actor, obj, **fields):
        return services.output_update(actor=actor, obj=obj, **fields)


@register_importer
class FundAllocationImporter(KeyedImporter):
    name = "fund-allocations"
    title = "资金安排"
    model = FundAllocation
    key = ("fund", "project")
    columns = [
        Column("资金编号", "fund", required=True, parse=parse_fund, example="ZJG-YH-FUND-001"),
        Column("项目编号", "project", required=True, parse=parse_project, example="ZJG-YH-PRJ-001"),
        money_column("安排金额", "amount", help="金额不详留空", example="200"),
        Column("来源", "source"),
        Column("备注", "note"),
    ]

    def create(self, *, actor, **fields):
        return services.allocation_create(actor=actor, **fields)

    def update(self, *, actor, obj, **fields):
        return services.allocation_update(actor=actor, obj=obj, **fields)


@register_importer
class BenefitLinkImporter(KeyedImporter):
    name = "benefit-links"
    title = "利益联结"
    model = BenefitLink
    key = ("project", "mode")
    columns = [
        Column("项目编号", "project", required=True, parse=parse_project, example="KS-BJ-PRJ-001"),
        Column("联结方式", "mode", required=True, parse=parse_choice(BenefitMode.choices), choices=tuple(str(c.label) for c in BenefitMode), example="分红股金"),
        Column("联结户数", "households", parse=parse_int),
        Column("联结人数", "persons", parse=parse_int),
        Column("其中建档立卡贫困户", "poor_households", parse=parse_int),
        Column("其中建档立卡贫困人口", "poor_persons", parse=parse_int),
        BASIS,
        QUALIFIER,
        Column("分红规则", "rule", parse=parse_rule, help="分红股金按哪条规则分配：规则代码或名称", example="622"),
        Column("来源", "source"),
        Column("备注", "note"),
    ]

    def create(self, *, actor, **fields):
        return services.benefit_link_create(actor=actor, **fields)

    def update(self, *, actor, obj, **fields):
        return services.benefit_link_update(actor=actor, obj=obj, **fields)


@register_importer
class ProjectAssetImporter(LedgerImporter):
    name = "project-assets"
    title = "项目资产"
    model = ProjectAsset
    columns = [
        Column("台账编号", "reference", required=True, example="KS-BJ-AST-001"),
        Column("项目编号", "project", required=True, parse=parse_project, example="KS-BJ-PRJ-001"),
        Column("资产名称", "name", required=True, example="蓝莓基地"),
        Column("资产类别", "asset_class", required=True, parse=parse_choice(AssetClass.choices), choices=tuple(str(c.label) for c in AssetClass), example="经营性"),
        Column("所有权人", "owner_name", required=True, example="村集体"),
        Column("所有权单位", "owner_org", parse=parse_organisation),
        money_column("资产价值", "value", help="未评估的留空"),
        Column("形成日期", "formed_date", parse=parse_date),
        BASIS,
        QUALIFIER,
        Column("来源", "source"),
        Column("备注", "note"),
    ]

    def create(self, *, actor, **fields):
        return services.asset_create(actor=actor, **fields)

    def update(self, *, actor, obj, **fields):
        return services.asset_update(actor=actor, obj=obj, **fields)
