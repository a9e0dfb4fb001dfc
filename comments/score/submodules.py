"""Import a library's submodules without running its package's ``__init__``.

``import textblob`` imports NLTK, and NLTK imports SciPy and scikit-learn: 1 to 3 s of CPU in
every process, where the sentiment scorers need only ``textblob._text`` and ``textblob.en``
(which import the standard library alone); ``textblob_fr``'s ``__init__`` imports
``textblob.base`` and so NLTK too, for ``textblob_fr.fr``, which does not need it.
:func:`import_submodules` imports such submodules with the package's ``__init__`` skipped;
what they import is the library's own code, run as the library runs it.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import threading
from types import ModuleType

_lock = threading.Lock()


def import_submodules(package: str, *names: str) -> dict[str, ModuleType]:
    """The submodules ``package.NAME`` of an installed package, by name, imported without running
    ``package/__init__.py`` when the package is not imported yet.

    While they import, ``sys.modules[package]`` is the package's module with nothing executed
    in it (so ``from package.x import y`` inside them finds ``package/x.py``); afterwards the
    package and every submodule imported meanwhile are taken out of ``sys.modules`` again, so
    that a later ``import package`` runs the package as usual (and gets its own submodules)."""
    with _lock:
        if package in sys.modules:
            return {name: importlib.import_module(f"{package}.{name}") for name in names}
        spec = importlib.util.find_spec(package)
        if spec is None or spec.submodule_search_locations is None:
            raise ImportError(f"no package named {package!r}", name=package)
        bare = importlib.util.module_from_spec(spec)
        before = set(sys.modules)
        sys.modules[package] = bare
        try:
            return {name: importlib.import_module(f"{package}.{name}") for name in names}
        finally:
            for name in set(sys.modules) - before:
                if name == package or name.startswith(f"{package}."):
                    del sys.modules[name]
