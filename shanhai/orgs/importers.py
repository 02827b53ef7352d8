from shanhai.core.importing import Column, Importer, RowError, takes_actor
from shanhai.core.registry import register_importer
from shanhai.regions.importers import parse_region

from . import services
from .models import Organisation, OrgKind


def parse_kind(text: str) -> OrgKind:
    kind = OrgKind.objects.filter(name=text).first() or OrgKind.objects.filter(code=text).first()
    if kind is None:
        raise RowError("未知单位类别；可选：" + "、".join(OrgKind.objects.values_list("name", flat=True)))
    return kind


FIELDS = ("name", "short_name", "kind", "region", "credit_code", "note")


@register_importer
class OrganisationImporter(Importer):
    name = "organisations"
    title = "单位"
    key = ("name", "region")
    columns = [
        Column("单位全称", "name", required=True, example="昆山市人力资源和社会保障局"),
        Column("简称", "short_name", help="检索和显示用", example="昆山市人社局"),
        Column("单位类别", "kind", required=True, parse=parse_kind, help="如 政府部门、民营企业、商会/协会、学校、乡镇卫生院", example="政府部门"),
        Column("所在区划代码", "region", required=True, parse=parse_region, help="6 位县级、9 位乡级或 12 位村级代码", example="320583"),
        Column("统一社会信用代码", "credit_code", example=""),
        Column("备注", "note"),
    ]

    def build(self, row, *, actor, context):
        obj = Organisation.objects.filter(name=row["name"], region=row["region"]).first() or Organisation()
        for f in FIELDS:
            setattr(obj, f, row[f] if row[f] is not None else "")
        return obj

    def save(self, row, *, actor, context):
        values = {f: row[f] if row[f] is not None else "" for f in FIELDS}
        existing = Organisation.objects.filter(name=row["name"], region=row["region"]).first()
        if existing:
            services.organisation_update(actor=actor, organisation=existing, **values)
        else:
            services.organisation_create(actor=actor, **values)


@takes_actor
def parse_organisation(text: str, *, actor) -> Organisation:
    """An organisation cell: its full or short name, or '名称@区划代码' where names repeat; among the
    organisations the importing user reads."""
    from shanhai.core.ledger import code_prefix

    from .selectors import organisation_lookup

    name, _sep, where = text.partition("@")
    matches = organisation_lookup(user=actor, name=name.strip(), region_prefix=code_prefix(where))
    if not matches:
        raise RowError(f"找不到单位：{text}（须已在「单位」模板中登记，且在您的权限范围内）")
    if len(matches) > 1:
        raise RowError(f"单位「{text}」不唯一，请写成 名称@区划代码")
    return matches[0]
