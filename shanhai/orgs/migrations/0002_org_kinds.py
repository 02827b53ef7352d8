from django.db import migrations

# SPEC item 2. Data, not code: the national office may add kinds.
KINDS = [
    ("department", "政府部门"),
    ("town_government", "乡镇（街道）政府"),
    ("village_committee", "村（居）委会"),
    ("soe", "国有企业"),
    ("private_enterprise", "民营企业"),
    ("chamber", "商会/协会"),
    ("social_org", "社会组织"),
    ("foundation", "基金会"),
    ("financial", "金融机构"),
    ("school", "学校"),
    ("vocational_school", "职业院校"),
    ("hospital", "医院"),
    ("health_centre", "乡镇卫生院"),
    ("park", "开发区/园区"),
    ("cooperative", "合作社"),
    ("other", "其他"),
]


def load(apps, schema_editor):
    OrgKind = apps.get_model("orgs", "OrgKind")
    for order, (code, name) in enumerate(KINDS):
        OrgKind.objects.update_or_create(code=code, defaults={"name": name, "order": order})


class Migration(migrations.Migration):
    dependencies = [("orgs", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
