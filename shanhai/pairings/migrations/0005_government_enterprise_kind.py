from django.db import migrations

# 政企结对: an enterprise (often a state enterprise of the eastern city or province) paired with a
# western town or village government. Data, editable by the national office like every kind.
KINDS = [("government_enterprise", "政企结对")]


def load(apps, schema_editor):
    PairingKind = apps.get_model("pairings", "PairingKind")
    last = PairingKind.objects.order_by("-order").values_list("order", flat=True).first() or 0
    for offset, (code, name) in enumerate(KINDS, start=1):
        PairingKind.objects.get_or_create(code=code, defaults={"name": name, "order": last + offset})


class Migration(migrations.Migration):
    dependencies = [("pairings", "0004_pairing_precisions")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
