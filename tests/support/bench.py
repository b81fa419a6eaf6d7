"""The benchmark's scripts (``bench/``, not a package) loaded as modules, for the tests that use them."""
from __future__ import annotations

import importlib.util
import sys
from types import ModuleType

from .harness import ROOT


def bench_module(name: str) -> ModuleType:
    """``bench/<name>.py`` loaded once as the module ``bench_<name>``."""
    key = f"bench_{name}"
    if key in sys.modules:
        return sys.modules[key]
    spec = importlib.util.spec_from_file_location(key, ROOT / "bench" / f"{name}.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[key] = mod  # dataclasses look their module up while the file runs
    try:
        spec.loader.exec_module(mod)
    except BaseException:
        del sys.modules[key]
        raise
    return mod
