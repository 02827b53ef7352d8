from django.db import migrations

# SPEC item 3: the kinds seen in the seeds. Data, editable by the national office.
PAIRING_KINDS = [
    ("province", "省际协作"),
    ("city", "市际结对"),
    ("county", "县县结对"),
    ("department", "部门结对"),
    ("park", "园区结对"),
    ("town", "乡镇（街道）结对"),
    ("village", "村村结对"),
    ("enterprise_village", "村企结对"),
    ("school", "学校结对"),
    ("hospital", "医院结对"),
    ("family", "家庭结对"),
    ("social_force", "社会力量结对"),
    ("chamber_village", "商会（民企）结村"),
    ("poor_village", "贫困村结对帮扶"),
]

# (code, name, unit, category, poverty)
MEMBER_KINDS = [
    ("county", "县（市、区）", "个", "county", ""),
    ("town", "乡镇", "个", "town", ""),
    ("street", "街道", "个", "town", ""),
    ("office", "城市管理办事处", "个", "town", ""),
    ("village", "村", "个", "village", ""),
    ("strong_village", "经济强村", "个", "village", ""),
    ("poor_village", "贫困村", "个", "village", "poor"),
    ("deep_poverty_village", "深度贫困村", "个", "village", "deep"),
    ("department", "部门单位", "个", "department", ""),
    ("soe", "国有企业", "家", "enterprise", ""),
    ("private_enterprise", "民营企业", "家", "enterprise", ""),
    ("enterprise", "企业", "家", "enterprise", ""),
    ("enterprise_or_chamber", "民营企业（商会）", "家", "enterprise", ""),
    ("chamber", "商会", "家", "organisation", ""),
    ("social_org", "社会组织", "个", "organisation", ""),
    ("financial", "金融机构", "家", "financial", ""),
    ("school", "学校", "所", "school", ""),
    ("hospital", "医院", "家", "hospital", ""),
    ("health_centre", "乡镇卫生院", "家", "health_centre", ""),
    ("party_member", "党员", "名", "person", ""),
    ("poor_household", "贫困户", "户", "household", "poor"),
    ("household", "农户", "户", "household", ""),
]

# (code, name, basis, designation, exited, region_kinds, org_kinds, category, poverty, reported_indicator)
TARGETS = [
    ("deep_poverty_villages", "深度贫困村", "designation", "deep_poverty_village", None, "", "", "village", "deep", "deep_poverty_villages"),
    ("unexited_poor_villages", "未出列贫困村", "designation", "poor_village", False, "", "", "village", "poor", "poor_villages_not_exited"),
    ("poor_villages", "贫困村", "designation", "poor_village", None, "", "", "village", "poor", "poor_villages"),
    ("towns_and_streets", "乡镇（街道）", "region_kind", "", None, "town,township,street,town_like", "", "town", "", "towns_and_streets"),
    ("schools", "学校", "org_kind", "", None, "", "school,vocational_school", "school", "", "schools"),
    ("health_centres", "乡镇卫生院", "org_kind", "", None, "", "health_centre", "health_centre", "", "health_centres"),
    ("poor_counties", "贫困县", "designation", "poor_county", None, "", "", "county", "", "poor_counties"),
]


def load(apps, schema_editor):
    PairingKind = apps.get_model("pairings", "PairingKind")
    MemberKind = apps.get_model("pairings", "MemberKind")
    CoverageTarget = apps.get_model("pairings", "CoverageTarget")
    for order, (code, name) in enumerate(PAIRING_KINDS):
        PairingKind.objects.update_or_create(code=code, defaults={"name": name, "order": order})
    for code, name, unit, category, poverty in MEMBER_KINDS:
        MemberKind.objects.update_or_create(
            code=code, defaults={"name": name, "unit": unit, "category": category, "poverty": poverty}
        )
    for order, (code, name, basis, designation, exited, rk, ok, category, poverty, indicator) in enumerate(TARGETS):
        CoverageTarget.objects.update_or_create(
            code=code,
            defaults={
                "name": name, "basis": basis, "designation": designation, "exited": exited, "region_kinds": rk,
                "org_kinds": ok, "category": category, "poverty": poverty, "reported_indicator": indicator, "order": order,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("pairings", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
