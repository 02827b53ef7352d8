"""Shared machinery: who may act where (role assignments) and what was done (audit trail).

Core imports no app: a role is held on a region *code prefix* (codes are paths, STYLE habit 4),
so core needs no foreign key into the regions app.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReferenceKind(models.Model):
    """A kind held as data (STYLE habit 8): the national office adds kinds without a release."""

    code = models.SlugField(_("代码"), max_length=30, primary_key=True)
    name = models.CharField(_("名称"), max_length=30, unique=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        abstract = True
        ordering = ["order", "code"]

    def __str__(self):
        return self.name


class Versioned(models.Model):
    """A record's version: every audited write that changes it adds one (optimistic locking).

    A writer may say which version it read (a page's hidden field, the API's If-Match); the save
    refuses when the record has moved on since. Without one, the save writes only the fields the
    writer changed onto the row as it is now, so two offices editing two fields lose neither.
    """

    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)

    class Meta:
        abstract = True

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        # What was read, field by field: the save tells the writer's changes from the rest by it.
        instance._loaded = dict(zip(field_names, values, strict=False))
        return instance


class Side(models.TextChoices):
    EAST = "east", _("东部（帮扶方）")
    WEST = "west", _("西部（受帮扶方）")


class Role(models.TextChoices):
    NATIONAL = "national", _("国家/省级协作办")
    EAST_OFFICE = "east_office", _("东部协作办")
    WEST_OFFICE = "west_office", _("西部乡村振兴部门")
    WORK_TEAM = "work_team", _("工作队/挂职干部")
    OPERATOR = "operator", _("乡镇/村填报员")
    AUDITOR = "auditor", _("审计/纪检（只读）")


# Which roles may write. Auditors read only; everybody else writes inside their subtree.
WRITING_ROLES = {Role.NATIONAL, Role.EAST_OFFICE, Role.WEST_OFFICE, Role.WORK_TEAM, Role.OPERATOR}
# The side a role writes for when a record has two sides (a pairing's helpers and helped).
ROLE_SIDE = {Role.EAST_OFFICE: Side.EAST, Role.WEST_OFFICE: Side.WEST}


class RoleAssignment(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_assignments",
        verbose_name=_("用户"),
    )
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices)
    region_code = models.CharField(
        _("区划代码前缀"), max_length=12, blank=True,
        help_text=_("角色所覆盖的区划子树：代码前缀，如 520602 为碧江区；留空为全国。"),
    )
    side = models.CharField(
        _("所在方"), max_length=4, choices=Side.choices, blank=True,
        help_text=_("结对记录中本角色可填写的一方；留空则两方皆可。"),
    )
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("角色授权")
        verbose_name_plural = _("角色授权")
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "region_code", "side"], name="unique_role_assignment"),
        ]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()} · {self.region_code or '全国'}"

    def clean(self):
        if self.region_code and not self.region_code.isdigit():
            raise ValidationError({"region_code": _("区划代码前缀只能由数字组成。")})
        if not self.side and self.role in ROLE_SIDE:
            self.side = ROLE_SIDE[self.role]

    @property
    def can_write(self):
        return self.role in WRITING_ROLES


class AuditAction(models.TextChoices):
    CREATE = "create", _("新增")
    UPDATE = "update", _("修改")
    DELETE = "delete", _("删除")


class AuditSource(models.TextChoices):
    UI = "ui", _("页面")
    API = "api", _("接口")
    ADMIN = "admin", _("后台")
    IMPORT = "import", _("导入")
    COMMAND = "command", _("命令")


class AuditQuerySet(models.QuerySet):
    def visible_to(self, user, action: str = "view"):
        """Entries about records in the user's regions, by the same scope as the records themselves."""
        from .scope import scope_for

        scope = scope_for(user, action)
        if scope.everything:
            return self
        if not scope.grants:
            return self.none()
        q = models.Q()
        for grant in scope.grants:
            q |= models.Q(region_index__contains=" " + grant.prefix)
        return self.filter(q)


class AuditEntry(models.Model):
    """One write, recorded in the same transaction as the write itself (STYLE habit 2)."""

    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="audit_entries",
        verbose_name=_("操作人"),
    )
    action = models.CharField(_("操作"), max_length=10, choices=AuditAction.choices)
    source = models.CharField(_("来源"), max_length=10, choices=AuditSource.choices)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, verbose_name=_("对象类型"))
    object_id = models.CharField(_("对象编号"), max_length=40, db_index=True)
    object_repr = models.CharField(_("对象"), max_length=300)
    # The region codes the object touches, so the trail is scoped like the objects themselves.
    region_codes = models.JSONField(_("涉及区划"), default=list)
    # " 520602101000 320583106000": a code prefix match is then a plain substring test in SQL.
    region_index = models.TextField(_("区划索引"), blank=True, editable=False)
    before = models.JSONField(_("修改前"), null=True, blank=True)
    after = models.JSONField(_("修改后"), null=True, blank=True)
    batch = models.CharField(_("批次"), max_length=40, blank=True, help_text=_("同一次导入的记录共用一个批次号。"))

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = _("变更记录")
        verbose_name_plural = _("变更记录")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.get_action_display()} {self.object_repr}"

    @property
    def changes(self):
        """Field-by-field differences, for the history page."""
        before, after = self.before or {}, self.after or {}
        keys = [k for k in {**before, **after} if before.get(k) != after.get(k)]
        return [(k, before.get(k), after.get(k)) for k in keys]
