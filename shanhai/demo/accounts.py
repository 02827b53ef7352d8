"""The demo's accounts: one per role and side, all with password "demo" (listed in README)."""

from shanhai.core.models import Role, Side

# (username, display name, superuser, [(role, region code prefix, side)])
ACCOUNTS = [
    ("admin", "全国协作办（系统管理员）", True, [(Role.NATIONAL, "", "")]),
    ("jiangsu", "江苏省对口帮扶办", False, [(Role.NATIONAL, "32", ""), (Role.NATIONAL, "52", "")]),
    ("kunshan", "昆山市对口帮扶办", False, [(Role.EAST_OFFICE, "320583", Side.EAST)]),
    ("bijiang", "碧江区乡村振兴局", False, [(Role.WEST_OFFICE, "520602", Side.WEST)]),
    ("zhangjiagang", "张家港市对口帮扶办", False, [(Role.EAST_OFFICE, "320582", Side.EAST)]),
    ("yanhe", "沿河县思渠镇填报员", False, [(Role.OPERATOR, "520627107", "")]),
    ("workteam", "昆山驻碧江工作队", False, [(Role.WORK_TEAM, "320583", ""), (Role.WORK_TEAM, "520602", "")]),
    ("auditor", "审计（只读）", False, [(Role.AUDITOR, "", "")]),
    # the city pair's offices: they review their county pairs' returns (the level above)
    ("suzhou", "苏州市对口帮扶办", False, [(Role.EAST_OFFICE, "3205", Side.EAST)]),
    ("tongren", "铜仁市东西部协作办", False, [(Role.WEST_OFFICE, "5206", Side.WEST)]),
]
PASSWORD = "demo"
