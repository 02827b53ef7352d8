from django.utils.translation import gettext_lazy as _

from shanhai.core.ledger import Ledger, register_ledger
from shanhai.core.tables import Column

from . import services
from .models import DistributionContract, Sale, SalesChannel

GROUP = _("消费帮扶")
BASIS_AND_SOURCE = ["basis", "qualifier", "source", "note"]


def _tonnes(sale) -> str:
    t = sale.tonnes
    return "" if t is None else f"{t.normalize():,f}"


SALES = register_ledger(Ledger(
    model=Sale,
    slug="sales",
    title=_("消费帮扶销售"),
    group=GROUP,
    order=70,
    description=_(
        "西部产品销往东部：产品、生产方、渠道、数量（吨/公斤/斤精确换算）、金额、带动贫困人口；"
        "只知总数的记为汇总；来源未载的数留空（未知），不作 0。"
    ),
    columns=[
        Column(_("编号"), lambda s: s.reference, link=lambda s: SALES.url("detail", s.pk), nowrap=True),
        Column(_("年度"), lambda s: s.year, numeric=True),
        Column(_("产品"), lambda s: s.product),
        Column(_("生产方"), lambda s: s.producer_name),
        Column(_("购买/销售方"), lambda s: s.buyer_name),
        Column(_("渠道"), lambda s: s.channel.name if s.channel_id else (s.channel_kind.name if s.channel_kind_id else "")),
        Column(_("数量"), lambda s: s.quantity_text, numeric=True, nowrap=True),
        Column(_("折合吨"), _tonnes, numeric=True),
        Column(_("金额"), lambda s: s.amount_text, numeric=True, nowrap=True),
        Column(_("带动贫困人口"), lambda s: "未知" if s.poor_people_driven is None else s.poor_people_driven, numeric=True),
        Column(_("登记方式"), lambda s: s.get_basis_display()),
    ],
    fields=[
        "reference", "product", "producer_name", "producer_org", "producer_region", "buyer_name", "buyer_org",
        "buyer_region", "channel_kind", "channel", "pairing", "year", "date", "period", "quantity", "unit", "amount",
        "poor_people_driven", *BASIS_AND_SOURCE,
    ],
    detail_fields=[
        "reference", "product", "producer_name", "producer_org", "producer_region", "buyer_name", "buyer_org",
        "buyer_region", "channel_kind", "channel", "pairing", "year", "date", "period", "quantity", "unit",
        "mass_grams", "amount", "poor_people_driven", *BASIS_AND_SOURCE,
    ],
    create=services.sale_create,
    update=services.sale_update,
    delete=services.sale_delete,
    search=("reference", "product", "producer_name", "buyer_name", "period"),
    filters=("year", "channel_kind", "basis"),
    importer="sales",
    select_related=("producer_region", "buyer_region", "channel_kind", "channel", "pairing"),
))

SALES_CHANNELS = register_ledger(Ledger(
    model=SalesChannel,
    slug="sales-channels",
    title=_("销售渠道"),
    group=GROUP,
    order=71,
    description=_(
        "展示中心、旗舰店、专柜、电商平台、供应链与物流基地；展示中心带动开设的网点挂在其下，"
        "逐个登记或只记个数（汇总）。运营方的预计量单列，不计入销售。"
    ),
    columns=[
        Column(_("编号"), lambda c: c.reference, link=lambda c: SALES_CHANNELS.url("detail", c.pk), nowrap=True),
        Column(_("名称"), lambda c: c.name),
        Column(_("类别"), lambda c: c.kind.name),
        Column(_("上级渠道"), lambda c: c.parent.name if c.parent_id else ""),
        Column(_("个数"), lambda c: c.count_text, numeric=True),
        Column(_("地点"), lambda c: c.place),
        Column(_("开设年度"), lambda c: c.opened_year, numeric=True),
        Column(_("登记方式"), lambda c: c.get_basis_display()),
    ],
    fields=[
        "reference", "name", "kind", "parent", "count", "operator_name", "operator_org", "place", "east_region",
        "west_region", "pairing", "opened_year", "opened_on", "expected_tonnes_per_year", "expected_people",
        *BASIS_AND_SOURCE,
    ],
    create=services.sales_channel_create,
    update=services.sales_channel_update,
    delete=services.sales_channel_delete,
    search=("reference", "name", "operator_name", "place", "parent__name"),
    filters=("kind", "opened_year", "basis"),
    importer="sales-channels",
    select_related=("kind", "parent", "east_region", "west_region", "pairing"),
))

DISTRIBUTION_CONTRACTS = register_ledger(Ledger(
    model=DistributionContract,
    slug="distribution-contracts",
    title=_("经销合作签约"),
    group=GROUP,
    order=72,
    description=_("西部合作社、企业与东部经销企业的经销合作签约：家数（或名单）、场合与日期。"),
    columns=[
        Column(_("编号"), lambda c: c.reference, link=lambda c: DISTRIBUTION_CONTRACTS.url("detail", c.pk), nowrap=True),
        Column(_("年度"), lambda c: c.year, numeric=True),
        Column(_("销售方"), lambda c: c.seller_name),
        Column(_("经销企业家数"), lambda c: c.buyer_count, numeric=True),
        Column(_("经销企业"), lambda c: c.buyer_names),
        Column(_("产品"), lambda c: c.product),
        Column(_("签约场合"), lambda c: c.event),
        Column(_("日期"), lambda c: c.date or (f"{c.event_start:%Y-%m-%d}—{c.event_end:%m-%d}" if c.event_start and c.event_end else "")),
    ],
    fields=[
        "reference", "seller_name", "seller_org", "seller_region", "buyer_names", "buyer_count", "buyer_region",
        "pairing", "product", "year", "date", "event", "event_start", "event_end", "amount", *BASIS_AND_SOURCE,
    ],
    create=services.distribution_contract_create,
    update=services.distribution_contract_update,
    delete=services.distribution_contract_delete,
    search=("reference", "seller_name", "buyer_names", "product", "event"),
    filters=("year", "basis"),
    importer="distribution-contracts",
    select_related=("seller_region", "buyer_region", "pairing"),
))
