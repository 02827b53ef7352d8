from django.db import migrations

# SPEC item 5. Data, not code: the national office may add kinds.
KINDS = [
    ("fiscal_aid", "财政援助资金"),
    ("cooperation", "东西部协作资金"),
    ("town_pairing", "乡镇结对资金"),
    ("department_pairing", "部门结对资金"),
    ("enterprise_donation", "企业捐赠资金"),
    ("social_donation", "社会捐赠资金"),
    ("loan", "贷款"),
    ("credit_line", "授信额度"),
    ("enterprise_investment", "企业投资"),
    # Reports often give one total over all kinds ("共争取各类帮扶资金1.2亿元").
    ("mixed", "各类帮扶资金（合计）"),
    ("other", "其他"),
]


def load(apps, schema_editor):
    FundKind = apps.get_model("funds", "FundKind")
    for order, (code, name) in enumerate(KINDS):
        FundKind.objects.update_or_create(code=code, defaults={"name": name, "order": order})


class Migration(migrations.Migration):
    dependencies = [("funds", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
