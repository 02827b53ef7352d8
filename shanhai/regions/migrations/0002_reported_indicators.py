from django.db import migrations

# What offices report as plain counts (SPEC items 1 and 15). Data: the national office may add more.
INDICATORS = [
    ("poor_counties", "贫困县", "个", "国家级贫困县个数"),
    ("poor_villages", "贫困村", "个", "建档立卡贫困村个数（含深度贫困村）"),
    ("deep_poverty_villages", "深度贫困村", "个", ""),
    ("poor_villages_exited", "已出列贫困村", "个", ""),
    ("poor_villages_not_exited", "未出列贫困村", "个", ""),
    ("deep_poverty_villages_exited", "已出列深度贫困村", "个", ""),
    ("deep_poverty_villages_not_exited", "未出列深度贫困村", "个", ""),
    ("towns_and_streets", "乡镇（街道）数", "个", "参与结对的乡镇、街道及同级单位"),
    ("schools", "学校数", "所", ""),
    ("health_centres", "乡镇卫生院数", "家", ""),
    ("exited_households", "累计脱贫户数", "户", ""),
    ("exited_persons", "累计脱贫人数", "人", ""),
    ("poor_households_remaining", "剩余贫困户", "户", ""),
    ("poor_persons_remaining", "剩余贫困人口", "人", ""),
    ("poverty_incidence", "贫困发生率", "%", "剩余贫困人口 ÷ 农村建档立卡基数人口"),
]


def load(apps, schema_editor):
    Indicator = apps.get_model("regions", "ReportedIndicator")
    for code, name, unit, description in INDICATORS:
        Indicator.objects.update_or_create(code=code, defaults={"name": name, "unit": unit, "description": description})


class Migration(migrations.Migration):
    dependencies = [("regions", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
