from shanhai.core.importing import (
    NOTE_COLUMN,
    SOURCE_COLUMN,
    Column,
    LedgerImporter,
    basis_column,
    money_column,
    parse_bool,
    parse_choice,
    parse_date,
    parse_int,
    parse_record,
    parse_year,
    qualifier_column,
)
from shanhai.core.records import Basis
from shanhai.core.registry import register_importer
from shanhai.orgs.importers import parse_organisation
from shanhai.pairings.importers import parse_pairing
from shanhai.regions.importers import parse_region

from . import services
from .models import (
    CareCentre,
    CharityDisbursement,
    CharityFund,
    CharityReceipt,
    Donation,
    DonationForm,
    Scholarship,
)


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
        Column("联合捐赠方", "co_donors", help="多方共同捐赠时，捐赠方以外的各方，用“、”分隔", example="昆山市慈善总会、昆山农商行"),
        Column("受赠方", "recipient_name", required=True, example="坝黄镇"),
        Column("受赠单位", "recipient_org", parse=parse_organisation),
        Column("受赠方区划代码", "recipient_region", required=True, parse=parse_region, example="520602101"),
        Column("结对编号", "pairing", parse=parse_pairing, example="KS-BJ-TOWN-ZP"),
        Column("年度", "year", required=True, parse=parse_year, example="2019"),
        Column("日期", "date", parse=parse_date, example="2019-11-20"),
        Column("形式", "form", parse=parse_choice(DonationForm.choices), choices=("现金", "物资"), example="现金"),
        money_column("金额", "amount", help="未折价的物资留空", example="60"),
        Column("金额不详", "amount_unknown", parse=parse_bool, example="否", help="来源未载金额的现金捐赠填 是：计入笔数，不计入金额"),
        Column("物资", "items", example="农资"),
        Column("用途", "purpose"),
        Column("登记方式", "basis", parse=parse_choice(Basis.choices), choices=("逐笔登记", "汇总（只知总数）"), example="逐笔登记"),
        qualifier_column(help="“超过560万元”填 以上"),
        Column("笔数", "item_count", parse=parse_int),
        Column("来源", "source"),
        Column("备注", "note"),
    ]

    def create(self, *, actor, **fields):
        return services.donation_create(actor=actor, **fields)

    def update(self, *, actor, obj, **fields):
        return services.donation_update(actor=actor, obj=obj, **fields)


# ---------------------------------------------------------------- charity funds, scholarships, care centres

BASIS = basis_column(example="逐笔登记")
QUALIFIER = qualifier_column(help="“102万余元”填 余")
SOURCE = SOURCE_COLUMN
NOTE = NOTE_COLUMN


@register_importer
class CharityFundImporter(LedgerImporter):
    """Funds and sub-funds. A sub-fund's parent is registered already or listed earlier in the same file."""

    name = "charity-funds"
    title = "慈善基金"
    model = CharityFund
    columns = [
        Column("台账编号", "reference", required=True, example="KS-BJ-FUND-KBA"),
        Column("基金名称", "name", required=True, example="昆·碧爱基金"),
        Column("上级基金编号", "parent", help="子基金填母基金的台账编号（母基金须已登记或在本文件中列在前面）"),
        Column("宗旨/资助方向", "purpose", example="助学"),
        Column("东部发起方", "east_founder", example="昆山市", help="子基金可留空，随母基金"),
        Column("东部发起方区划代码", "east_region", parse=parse_region, example="320583"),
        Column("西部发起方", "west_founder", example="碧江区"),
        Column("西部发起方区划代码", "west_region", parse=parse_region, example="520602"),
        Column("结对编号", "pairing", parse=parse_pairing, example="KS-BJ"),
        Column("成立年度", "established_year", parse=parse_year),
        Column("成立日期", "established_on", parse=parse_date),
        SOURCE,
        NOTE,
    ]

    parent_field = "parent"

    def create(self, *, actor, **fields):
        return services.charity_fund_create(actor=actor, **fields)

    def update(self, *, actor, obj, **fields):
        return services.charity_fund_update(actor=actor, obj=obj, **fields)


@register_importer
class CharityReceiptImporter(LedgerImporter):
    name = "charity-receipts"
    title = "基金收入"
    model = CharityReceipt
    columns = [
        Column("台账编号", "reference", required=True, example="KS-BJ-KBA-RCPT"),
        Column("基金编号", "fund", required=True, parse=parse_record(CharityFund), example="KS-BJ-FUND-KBA"),
        Column("年度", "year", required=True, parse=parse_year, example="2018"),
        Column("日期", "date", parse=parse_date),
        Column("捐赠方", "donor_name", required=True, example="昆山市党员干部和社会各界"),
        Column("捐赠单位", "donor_org", parse=parse_organisation, help="已登记的单位名称（可空）"),
        money_column("金额", "amount", required=True, example="102万余元"),
        Column("用途", "purpose"),
        BASIS,
        QUALIFIER,
        Column("笔数", "item_count", parse=parse_int),
        SOURCE,
        NOTE,
    ]

    def create(self, *, actor, **fields):
        return services.charity_receipt_create(actor=actor, **fields)

    def update(self, *, actor, obj, **fields):
        return services.charity_receipt_update(actor=actor, obj=obj, **fields)


@register_importer
class CharityDisbursementImporter(LedgerImporter):
    name = "charity-disbursements"
    title = "基金支出"
    model = CharityDisbursement
    columns = [
        Column("台账编号", "reference", required=True, example="KS-BJ-KBA-PAY-001"),
        Column("基金编号", "fund", required=True, parse=parse_record(CharityFund), example="KS-BJ-FUND-KBA-1"),
        Column("年度", "year", required=True, parse=parse_year, example="2019"),
        Column("日期", "date", parse=parse_date),
        Column("支出对象", "recipient_name", required=True, example="坝黄镇贫困学生"),
        Column("支出对象区划代码", "recipient_region", parse=parse_region, example="520602101"),
        money_column("金额", "amount", unit="元", required=True, example="20000"),
        Column("用途", "purpose"),
        Column("受助人数", "persons", parse=parse_int),
        Column("受助户数", "households", parse=parse_int),
        BASIS,
        QUALIFIER,
        SOURCE,
        NOTE,
    ]

    def create(self, *, actor, **fields):
        return services.charity_disbursement_create(actor=actor, **fields)

    def update(self, *, actor, obj, **fields):
        return services.charity_disbursement_update(actor=actor, obj=obj, **fields)


@register_importer
class ScholarshipImporter(LedgerImporter):
    name = "scholarships"
    title = "奖助学金"
    model = Scholarship
    columns = [
        Column("台账编号", "reference", required=True, example="KS-BJ-SCH-YX"),
        Column("名称", "name", required=True, example="亚香奖助学金"),
        Column("出资方", "donor_name", required=True, example="昆山亚香香料有限公司"),
        Column("出资单位", "donor_org", parse=parse_organisation, help="已登记的单位；填了可不填出资方区划"),
        Column("出资方区划代码", "donor_region", parse=parse_region, example="320583"),
        Column("资助地区区划代码", "region", required=True, parse=parse_region, example="520602"),
        Column("结对编号", "pairing", parse=parse_pairing),
        Column("设立年度", "established_year", parse=parse_year),
        money_column("出资额", "capital", example="100"),
        Column("资助内容", "funds_what"),
        Column("资助学生人数", "students_supported", parse=parse_int),
        Column("夏令营学生人数", "camp_students", parse=parse_int, example="40"),
        Column("夏令营举办年数", "camp_years", parse=parse_int, help="“连续两年”填 2"),
        Column("夏令营地点", "camp_place", example="昆山"),
        BASIS,
        QUALIFIER,
        SOURCE,
        NOTE,
    ]

    def create(self, *, actor, **fields):
        return services.scholarship_create(actor=actor, **fields)

    def update(self, *, actor, obj, **fields):
        return services.scholarship_update(actor=actor, obj=obj, **fields)


@register_importer
class CareCentreImporter(LedgerImporter):
    name = "care-centres"
    title = "关爱中心"
    model = CareCentre
    columns = [
        Column("台账编号", "reference", required=True, example="KS-BJ-CARE-PCC"),
        Column("名称", "name", required=True, example="昆碧幸福里"),
        Column("所在区划代码", "region", required=True, parse=parse_region, example="520602101202"),
        Column("出资方", "funder_name", required=True, example="昆山市"),
        Column("出资方区划代码", "funder_region", required=True, parse=parse_region, example="320583"),
        Column("资金性质", "funding_kind", example="东西部协作资金"),
        Column("发起人", "initiator"),
        Column("结对编号", "pairing", parse=parse_pairing),
        Column("场所", "premises"),
        money_column("建设投入", "cost", example="80"),
        Column("修建年度", "built_year", parse=parse_year, example="2018"),
        Column("修建月份", "built_month", parse=parse_int, example="7"),
        Column("启用日期", "opened_on", parse=parse_date, example="2019-04-18"),
        Column("功能", "functions"),
        Column("服务对象", "serves"),
        Column("到中心就餐老人", "dining_elders", parse=parse_int, example="10"),
        Column("送餐到家老人", "home_delivery_elders", parse=parse_int, example="5"),
        Column("服务人数所属年度", "served_year", parse=parse_year, example="2019"),
        BASIS,
        QUALIFIER,
        SOURCE,
        NOTE,
    ]

    def create(self, *, actor, **fields):
        return services.care_centre_create(actor=actor, **fields)

    def update(self, *, actor, obj, **fields):
        return services.care_centre_update(actor=actor, obj=obj, **fields)
