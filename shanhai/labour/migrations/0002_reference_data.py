from django.db import migrations

# SPEC item 9. Data, not code: the national office may add destinations and change the rule.
DESTINATIONS = [
    # (code, name, in the east)
    ("paired_city", "结对东部城市", True),
    ("east_other", "东部其他地区", True),
    # Reports often lump the paired city with others ("在张家港等东部城市稳定就业").
    ("east_unsplit", "东部地区（结对城市与其他未分列）", True),
    ("elsewhere", "其他地区", False),
    ("near_home", "就近就业", False),
    ("welfare_post", "公益性岗位", False),
]


def load(apps, schema_editor):
    DestinationClass = apps.get_model("labour", "DestinationClass")
    for order, (code, name, in_east) in enumerate(DESTINATIONS):
        DestinationClass.objects.update_or_create(code=code, defaults={"name": name, "order": order, "in_east": in_east})
    StabilityRule = apps.get_model("labour", "StabilityRule")
    StabilityRule.objects.get_or_create(
        name="当年务工6个月以上", defaults={
            "min_months": 6, "counting": "in_year", "year_from": 2016,
            "source": "东西部扶贫协作考核口径：当年在岗 6 个月以上视为稳定就业（国家协作办可修改）",
        },
    )


class Migration(migrations.Migration):
    dependencies = [("labour", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
