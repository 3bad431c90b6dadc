"""Every domain app's own health route: GET /api/<domain>/health."""

from functions.core.http import Routes
from functions.core.schemas import Health
from functions.core.settings import get_settings

VERSION = "0.1.0"


def health_routes() -> Routes:
    """A fresh set per app: a Chalice blueprint belongs to the one app it is registered with."""
    system = Routes(__name__, tag="system")

    @system.get("/health", "Is this part of the API up?")
    def health() -> Health:
        return Health(status="ok", stage=get_settings().stage.value, version=VERSION)

    return system
