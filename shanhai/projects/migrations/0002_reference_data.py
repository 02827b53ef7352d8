from decimal import Decimal

from django.db import migrations

# SPEC item 6. Data, not code: the national office may add categories.
CATEGORIES = [
    ("industry", "产业发展"),
    ("infrastructure", "农村基础设施建设"),
    ("labour", "劳务协作"),
    ("education", "教育帮扶"),
    ("health", "医疗健康"),
    ("insurance", "农业保险"),
    ("xiaokang", "携手奔小康"),
    ("livelihood", "民生保障与关爱设施"),
    ("disaster", "灾后重建"),
    ("park", "园区共建"),
    ("consumption", "消费帮扶"),
    ("culture_tourism", "文化旅游"),
    ("other", "其他"),
]

# SPEC item 7. The seeds' 622 and variants for the household part; percentages as exact decimals.
P622 = [("poor_households", "60"), ("village_collective", "20"), ("reinvestment", "20")]
RULES = [
    ("622", "622分配（按户均分）", "equal", P622,
     "种子报告 001：基地年利润归合作社，按照“622”分红，即60%归建档立卡贫困户，20%归村级集体经济，20%为再投入"),
    ("622-share", "622分配（按股份）", "by_share", P622, "622 的变体：贫困户所得部分按各户股份分配"),
    ("622-land", "622分配（按土地面积）", "by_land", P622, "622 的变体：贫困户所得部分按各户流转土地亩数分配"),
]


def load(apps, schema_editor):
    ProjectCategory = apps.get_model("projects", "ProjectCategory")
    for order, (code, name) in enumerate(CATEGORIES):
        ProjectCategory.objects.update_or_create(code=code, defaults={"name": name, "order": order})
    DistributionRule = apps.get_model("projects", "DistributionRule")
    DistributionShare = apps.get_model("projects", "DistributionShare")
    for order, (code, name, method, shares, note) in enumerate(RULES):
        rule, _ = DistributionRule.objects.update_or_create(
            code=code, defaults={"name": name, "household_method": method, "note": note, "order": order}
        )
        for position, (recipient_class, percent) in enumerate(shares):
            DistributionShare.objects.update_or_create(
                rule=rule, recipient_class=recipient_class, defaults={"percent": Decimal(percent), "order": position}
            )


class Migration(migrations.Migration):
    dependencies = [("projects", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
