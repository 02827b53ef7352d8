from django.db import migrations

# The ten items of the ten-haves checklist (“十有”) and the rules that decide them from the
# ledgers; 有措施 and 有成效 have none and are confirmed by hand. Data: the national office edits it.
ITEMS = [
    ("agreement", "有协议", "agreement", "结对双方签订协议，当年签订或在有效期内。"),
    ("plan", "有规划", "targets", "结对定有当年的帮扶计划（考核目标）。"),
    ("funds", "有资金", "funds", "当年有帮扶资金投入。"),
    ("projects", "有项目", "projects", "当年有帮扶项目实施。"),
    ("cadres", "有干部", "cadres", "当年选派挂职干部或驻村干部。"),
    ("talent", "有人才", "talent", "当年有教师、医生、农技等专业技术人才交流或培训。"),
    ("visits", "有互访", "visits", "当年双方有考察互访。"),
    ("joint_meetings", "有联席会议", "joint_meetings", "当年召开联席会议。"),
    ("measures", "有措施", "", "有具体的帮扶措施（如结对模式、工作机制），人工确认。"),
    ("results", "有成效", "", "帮扶取得成效（如脱贫摘帽、贫困发生率下降），人工确认。"),
]


def load(apps, schema_editor):
    TenHaveItem = apps.get_model("agreements", "TenHaveItem")
    for order, (code, name, rule, description) in enumerate(ITEMS, start=1):
        TenHaveItem.objects.update_or_create(
            code=code, defaults={"name": name, "order": order, "rule": rule, "description": description},
        )


class Migration(migrations.Migration):
    dependencies = [("agreements", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
