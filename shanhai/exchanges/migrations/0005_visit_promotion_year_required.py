from django.db import migrations, models


class Migration(migrations.Migration):
    """Apart from 0004 so that PostgreSQL alters the tables after the years are written, not in the same transaction."""

    dependencies = [
        ("exchanges", "0004_event_counts_and_years"),
    ]

    operations = [
        migrations.AlterField(
            model_name="visit",
            name="year",
            field=models.PositiveSmallIntegerField(blank=True, help_text="空则取开始日期的年份；只知年度的汇总记录可不填日期", verbose_name="年度"),
        ),
        migrations.AlterField(
            model_name="promotionevent",
            name="year",
            field=models.PositiveSmallIntegerField(blank=True, help_text="空则取开始日期的年份；只知年度的汇总记录可不填日期", verbose_name="年度"),
        ),
    ]
