"""Statistical division codes: 12 digits, hierarchical (2 province, 4 city, 6 county, 9 town, 12 village).

Every code is stored padded to 12 digits, so a subtree is a code prefix (STYLE habit 4).
"""

import re

PREFIX_LENGTH = {1: 2, 2: 4, 3: 6, 4: 9, 5: 12}

# The 55 minority names that appear in the names of autonomous counties and ethnic townships.
ETHNIC = (
    "蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 拉祜 水 东乡 纳西 景颇 "
    "柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 乌孜别克 俄罗斯 鄂温克 德昂 保安 裕固 京 "
    "塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺"
).split()
_ETHNIC_RE = "|".join(sorted((e + "族" for e in ETHNIC), key=len, reverse=True))
_ETHNIC_TAIL = re.compile(rf"^(?P<place>.+?)(?:{_ETHNIC_RE})+(?P<tail>自治县|自治州|自治旗|乡)$")


def pad(code: str) -> str:
    code = str(code).strip()
    if not code.isdigit() or len(code) not in (2, 4, 6, 9, 12):
        raise ValueError(f"区划代码应为 2、4、6、9 或 12 位数字：{code}")
    return code.ljust(12, "0")


def level_of(code12: str) -> int:
    """The level a padded code denotes: trailing zero groups tell."""
    if code12[2:] == "0" * 10:
        return 1
    if code12[4:] == "0" * 8:
        return 2
    if code12[6:] == "0" * 6:
        return 3
    if code12[9:] == "000":
        return 4
    return 5


def prefix_of(code12: str, level: int | None = None) -> str:
    """The significant prefix: every code in the subtree starts with it."""
    return code12[: PREFIX_LENGTH[level or level_of(code12)]]


def normalize_query_code(code: str) -> str:
    """A code a user types (6, 9 or 12 digits, possibly padded) → its subtree prefix."""
    return prefix_of(pad(code))


def ancestors(code12: str) -> list[str]:
    """Padded codes of the regions above this one, top first."""
    level = level_of(code12)
    return [code12[: PREFIX_LENGTH[lv]].ljust(12, "0") for lv in range(1, level)]


def kind_of(code12: str, name: str) -> str:
    """Kind by the bureau's numbering rules, with the name as tie-breaker."""
    level = level_of(code12)
    if level == 1:
        return "province"
    if level == 2:
        return "city"
    if level == 3:
        return "county"
    if level == 4:
        n = int(code12[6:9])
        if n < 100:
            return "street"
        if n < 200:
            return "town"
        if n < 400:
            return "township"
        # 400+ are zones and farms, and our provisional codes: the name tells what they are.
        return "street" if "街道" in name else "town" if name.endswith("镇") else "township" if name.endswith("乡") else "town_like"
    n = int(code12[9:12])
    if n < 200:
        return "community"
    if n < 400:
        return "village"
    return "community" if "社区" in name or "居委会" in name else "village" if "村" in name else "village_like"


def short_name(name: str, level: int) -> str:
    """The name offices write: 坪茶村 for 坪茶村村民委员会, 瓦屋乡 for 瓦屋侗族乡, 沿河县 for 沿河土家族自治县."""
    n = name.strip()
    for long, short in (
        ("村民委员会", "村"), ("村委会", "村"), ("社区居民委员会", "社区"), ("社区居委会", "社区"),
        ("居民委员会", "社区"), ("居委会", "社区"), ("街道办事处", "街道"),
    ):
        if n.endswith(long) and len(n) > len(long):
            stem = n[: -len(long)]
            n = stem if stem.endswith(short) else stem + short
            break
    m = _ETHNIC_TAIL.match(n)
    if m and level in (3, 4, 2):
        tail = {"自治县": "县", "自治州": "州", "自治旗": "旗", "乡": "乡"}[m["tail"]]
        n = m["place"] + tail
    return n
