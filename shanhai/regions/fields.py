"""How other apps' forms and API take a region: by its code (core.ledger.register_fk_field)."""

from shanhai.core.forms import SuggestInput
from shanhai.core.ledger import register_fk_field

from .api import RegionCodeField as RegionCodeSerializerField
from .filters import RegionCodeField
from .models import Region


def register():
    register_fk_field(
        Region,
        form_field=lambda label, required, user: RegionCodeField(
            label=label, required=required, max_length=12, help_text="6 位县级、9 位乡级或 12 位村级代码",
            widget=SuggestInput("regions:region_suggest", attrs={"size": 14, "placeholder": "代码或名称"}),
        ),
        serializer_field=lambda required: RegionCodeSerializerField(required=required, allow_null=not required),
        initial=lambda region: region.display_code,
    )
