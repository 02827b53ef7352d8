from django.db import migrations

# SPEC item 10. Data, not code: the national office may add channels.
KINDS = [
    ("showcase", "展示中心"),
    ("flagship", "旗舰店"),
    ("counter", "专柜"),
    # A showcase centre's outlets counted together ("展销中心（旗舰店、专柜等）31个").
    ("outlet", "展销网点（旗舰店、专柜等）"),
    ("ecommerce", "电商"),
    ("unit_procurement", "单位采购"),
    ("expo", "展会"),
    ("supply_chain", "供应链基地"),
    ("logistics", "物流基地"),
    ("tourism", "文旅产品"),
    ("other", "其他"),
]


def load(apps, schema_editor):
    ChannelKind = apps.get_model("consumption", "ChannelKind")
    for order, (code, name) in enumerate(KINDS):
        ChannelKind.objects.update_or_create(code=code, defaults={"name": name, "order": order})


class Migration(migrations.Migration):
    dependencies = [("consumption", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
