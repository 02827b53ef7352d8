"""The pages of every registered ledger (``core.ledger``), under the ``ledger`` namespace."""

from .ledger import ledger_urlpatterns

app_name = "ledger"
urlpatterns = ledger_urlpatterns()
