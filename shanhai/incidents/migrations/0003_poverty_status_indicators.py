from django.db import migrations

# SPEC item 15: what regions' 0002_reported_indicators lacks for the poverty status — the registered
# base and the county exit check (摘帽退出检查). Data: the national office may add more.
INDICATORS = [
    ("registered_poor_households", "建档立卡贫困户", "户", "累计识别的建档立卡贫困户（含已脱贫）"),
    ("registered_poor_persons", "建档立卡贫困人口", "人", "累计识别的建档立卡贫困人口（含已脱贫）"),
    ("missed_identification_rate", "漏评率", "%", "退出检查：应纳入而未纳入建档立卡的比例"),
    ("wrong_exit_rate", "错退率", "%", "退出检查：不符合条件而退出的比例"),
    ("satisfaction_rate", "群众认可度", "%", "退出检查：群众对脱贫成效的认可度"),
]


def load(apps, schema_editor):
    Indicator = apps.get_model("regions", "ReportedIndicator")
    for code, name, unit, description in INDICATORS:
        Indicator.objects.update_or_create(code=code, defaults={"name": name, "unit": unit, "description": description})


def unload(apps, schema_editor):
    Indicator = apps.get_model("regions", "ReportedIndicator")
    Indicator.objects.filter(code__in=[code for code, *_ in INDICATORS], reportedfigure__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("incidents", "0002_incident_kinds"), ("regions", "0003_source_load_clashes")]
    operations = [migrations.RunPython(load, unload)]
