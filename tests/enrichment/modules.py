"""The modules of a core package, for tests that go through each (doctests)."""

import importlib
import pkgutil
from types import ModuleType


def package_modules(package: ModuleType) -> list[ModuleType]:
    """Return the package itself and each module in it, imported."""
    return [
        package,
        *(
            importlib.import_module(f"{package.__name__}.{info.name}")
            for info in pkgutil.iter_modules(package.__path__)
        ),
    ]
