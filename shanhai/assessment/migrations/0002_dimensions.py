from django.db import migrations

# The six assessment dimensions (SPEC "What it gives back"). Data: a later set may add its own.
DIMENSIONS = [
    ("leadership", "组织领导"),
    ("talent", "人才交流"),
    ("funds", "资金使用"),
    ("industry", "产业合作"),
    ("labour", "劳务协作"),
    ("xiaokang", "携手奔小康"),
]


def load(apps, schema_editor):
    Dimension = apps.get_model("assessment", "Dimension")
    for order, (code, name) in enumerate(DIMENSIONS):
        Dimension.objects.update_or_create(code=code, defaults={"name": name, "order": order})


class Migration(migrations.Migration):
    dependencies = [("assessment", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
