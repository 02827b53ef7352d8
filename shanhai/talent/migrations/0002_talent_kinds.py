from django.db import migrations

# SPEC item 8. Data, not code: the national office may add kinds. The six kinds of seed 000's
# "六个十" (教师、医生、农技专家、科技人才、企业家、社会工作者) are among them.
KINDS = [
    ("cadre", "党政干部挂职"),
    ("village_cadre", "驻村干部"),
    ("teacher", "教师"),
    ("doctor", "医生"),
    ("agronomist", "农技专家"),
    ("technologist", "科技人才"),
    ("entrepreneur", "企业家"),
    ("social_worker", "社会工作者"),
    ("other", "其他专业人才"),
]


def load(apps, schema_editor):
    TalentKind = apps.get_model("talent", "TalentKind")
    for order, (code, name) in enumerate(KINDS):
        TalentKind.objects.update_or_create(code=code, defaults={"name": name, "order": order})


class Migration(migrations.Migration):
    dependencies = [("talent", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
