from .briefing_api import ROUTES as BRIEFING_ROUTES
from .dashboard_api import ROUTES as DASHBOARD_ROUTES

ROUTES = [*DASHBOARD_ROUTES, *BRIEFING_ROUTES]
