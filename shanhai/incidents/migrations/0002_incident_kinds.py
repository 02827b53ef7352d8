from django.db import migrations

# SPEC item 17. Data, not code: the national office may add kinds.
KINDS = [
    ("fire", "火灾"),
    ("flood", "洪涝"),
    ("geological", "地质灾害"),
    ("storm_hail", "风雹"),
    ("drought", "干旱"),
    ("earthquake", "地震"),
    ("freeze", "低温冰冻"),
    ("epidemic", "疫情"),
    ("accident", "意外事故"),
    ("other", "其他"),
]


def load(apps, schema_editor):
    IncidentKind = apps.get_model("incidents", "IncidentKind")
    for order, (code, name) in enumerate(KINDS):
        IncidentKind.objects.update_or_create(code=code, defaults={"name": name, "order": order})


class Migration(migrations.Migration):
    dependencies = [("incidents", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
