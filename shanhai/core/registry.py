"""Import templates by name, registered by each app in its AppConfig.ready() (core imports no app)."""

from .importing import Importer

_IMPORTERS: dict[str, type[Importer]] = {}


def register_importer(cls: type[Importer]) -> type[Importer]:
    _IMPORTERS[cls.name] = cls
    return cls


def importer_get(name: str) -> Importer | None:
    cls = _IMPORTERS.get(name)
    return cls() if cls else None


def importers_all() -> list[Importer]:
    return [cls() for cls in _IMPORTERS.values()]
