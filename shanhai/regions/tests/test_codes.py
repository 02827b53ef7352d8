import pytest

from shanhai.regions import codes


@pytest.mark.parametrize(
    ("name", "level", "short"),
    [
        ("坪茶村村民委员会", 5, "坪茶村"),
        ("高坝田村村民委员会", 5, "高坝田村"),
        ("七桥村委会", 5, "七桥村"),
        ("多福巷社区居委会", 5, "多福巷社区"),
        ("兴龙社区居民委员会", 5, "兴龙社区"),
        ("瓦屋侗族乡", 4, "瓦屋乡"),
        ("六龙山侗族土家族乡", 4, "六龙山乡"),
        ("滑石侗族苗族土家族乡", 4, "滑石乡"),
        ("坝黄镇", 4, "坝黄镇"),
        ("沿河土家族自治县", 3, "沿河县"),
        ("印江土家族苗族自治县", 3, "印江县"),
        ("黔东南苗族侗族自治州", 2, "黔东南州"),
        ("昆山市", 3, "昆山市"),
    ],
)
def test_short_names_are_what_offices_write(name, level, short):
    assert codes.short_name(name, level) == short


def test_codes_are_padded_paths():
    assert codes.pad("520602") == "520602000000"
    assert codes.level_of("520602101208") == 5
    assert codes.level_of("520602101000") == 4
    assert codes.level_of("520602000000") == 3
    assert codes.level_of("520600000000") == 2
    assert codes.level_of("520000000000") == 1
    assert codes.prefix_of("520602101000") == "520602101"
    assert codes.ancestors("520602101208") == ["520000000000", "520600000000", "520602000000", "520602101000"]


@pytest.mark.parametrize("bad", ["52060", "5206021012081", "52a602", ""])
def test_malformed_codes_are_refused_with_the_rule(bad):
    with pytest.raises(ValueError, match="区划代码应为"):
        codes.pad(bad)


def test_kinds_follow_the_bureau_numbering():
    assert codes.kind_of("520602002000", "环北街道") == "street"
    assert codes.kind_of("520602101000", "坝黄镇") == "town"
    assert codes.kind_of("520602203000", "瓦屋侗族乡") == "township"
    assert codes.kind_of("320583401000", "昆山旅游度假区") == "town_like"
    assert codes.kind_of("520602101208", "高坝田村村民委员会") == "village"
    assert codes.kind_of("110101001001", "多福巷社区居委会") == "community"
