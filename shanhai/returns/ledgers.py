from django.utils.translation import gettext_lazy as _

from shanhai.core.ledger import Ledger, register_ledger
from shanhai.core.tables import Column, dated_column

from . import services
from .models import WorkLog

WORK_LOGS = register_ledger(Ledger(
    model=WorkLog,
    slug="work-logs",
    year_lookup="date__year",
    title=_("帮扶日志"),
    group=_("定期报表与日志"),
    order=120,
    description=_("结对双方的帮扶工作日志：日期、记录人、内容，可附文件（附件在日志详情页上传和下载）。"),
    columns=[
        Column(_("编号"), lambda w: w.reference, link=lambda w: WORK_LOGS.url("detail", w.pk), nowrap=True),
        dated_column(_("日期"), "date", nowrap=True),
        Column(_("结对"), lambda w: w.pairing.reference, nowrap=True),
        Column(_("标题"), lambda w: w.title),
        Column(_("记录人"), lambda w: w.author, nowrap=True),
        Column(_("内容"), lambda w: w.text),
        Column(_("附件"), lambda w: w.attachment_name),
    ],
    # the attachment is uploaded on the detail page (a file has no place in the generic form or an import row)
    fields=["reference", "pairing", "date", "author", "title", "text", "source"],
    create=services.work_log_create,
    update=services.work_log_update,
    delete=services.work_log_delete,
    search=("reference", "title", "text", "author"),
    filters=(),
    importer="work-logs",
    select_related=("pairing",),
    detail_fields=["reference", "pairing", "date", "author", "title", "text", "source"],
))
