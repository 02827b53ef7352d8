from shanhai.core.importing import SOURCE_COLUMN, Column, LedgerImporter, parse_date
from shanhai.core.registry import register_importer
from shanhai.pairings.importers import parse_pairing

from . import services
from .models import WorkLog


@register_importer
class WorkLogImporter(LedgerImporter):
    name = "work-logs"
    title = "帮扶日志"
    model = WorkLog
    columns = [
        Column("台账编号", "reference", required=True, example="KS-BJ-LOG-2019-11-20"),
        Column("结对编号", "pairing", required=True, parse=parse_pairing, example="KS-BJ"),
        Column("日期", "date", required=True, parse=parse_date, example="2019-11-20"),
        Column("记录人", "author", required=True, example="昆山驻碧江工作队", help="单位或个人姓名，来源未载个人的写单位"),
        Column("标题", "title", example="张浦镇考察团到坝黄镇"),
        Column("内容", "text", required=True),
        SOURCE_COLUMN,
    ]

    def create(self, *, actor, **fields):
        return services.work_log_create(actor=actor, **fields)

    def update(self, *, actor, obj, **fields):
        return services.work_log_update(actor=actor, obj=obj, **fields)
