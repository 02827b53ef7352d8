from shanhai.core.importing import Column, LedgerImporter, parse_choice, parse_date, parse_int, parse_year
from shanhai.core.money import parse_money
from shanhai.core.records import Basis, Qualifier
from shanhai.core.registry import register_importer
from shanhai.orgs.importers import parse_organisation
from shanhai.pairings.importers import parse_pairing
from shanhai.regions.importers import parse_region

from . import services
from .models import Donation, DonationForm


@register_importer
class DonationImporter(LedgerImporter):
    name = "donations"
    title = "捐赠"
    model = Donation
    columns = [
        Column("台账编号", "reference", required=True, example="KS-BJ-DON-001"),
        Column("捐赠方", "donor_name", required=True, example="昆山亚香香料有限公司"),
        Column("捐赠单位", "donor_org", parse=parse_organisation, help="已登记的单位名称（可空）"),
        Column("捐赠方区划代码", "donor_region", required=True, parse=parse_region, example="320583"),
        Column("受赠方", "recipient_name", required=True, example="坝黄镇"),
        Column("受赠单位", "recipient_org", parse=parse_organisation),
        Column("受赠方区划代码", "recipient_region", required=True, parse=parse_region, example="520602101"),
        Column("结对编号", "pairing", parse=parse_pairing, example="KS-BJ-TOWN-ZP"),
        Column("年度", "year", required=True, parse=parse_year, example="2019"),
        Column("日期", "date", parse=parse_date, example="2019-11-20"),
        Column("形式", "form", parse=parse_choice(DonationForm.choices), choices=("现金", "物资"), example="现金"),
        Column("金额", "amount", parse=parse_money, help="元；可写 60万元、1.2亿元；未折价的物资留空", example="60万元"),
        Column("物资", "items", example="农资"),
        Column("用途", "purpose"),
        Column("登记方式", "basis", parse=parse_choice(Basis.choices), choices=("逐笔登记", "汇总（只知总数）"), example="逐笔登记"),
        Column("数额限定", "qualifier", parse=parse_choice(Qualifier.choices), choices=("确数", "以上", "约"), help="“超过560万元”填 以上"),
        Column("笔数", "item_count", parse=parse_int),
        Column("来源", "source"),
        Column("备注", "note"),
    ]

    def create(self, *, actor, **fields):
        return services.donation_create(actor=actor, **fields)

    def update(self, *, actor, obj, **fields):
        return services.donation_update(actor=actor, obj=obj, **fields)
