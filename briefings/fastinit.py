"""`direct_init`: a frozen dataclass whose __init__ stores its fields straight into the instance's dict.

A frozen dataclass's own __init__ calls object.__setattr__ once per field, 2-3x slower, and the extraction builds
some of them by the hundred per report (sentences, dates, place mentions, candidates, claims). The instance stays
frozen (assignment still raises) and equality, hash, repr, replace and pickling are the dataclass's own.
"""
from __future__ import annotations

import dataclasses
from typing import TypeVar

T = TypeVar("T")


def direct_init(cls: type[T]) -> type[T]:
    """Give the dataclass `cls` an __init__ with the same parameters and defaults that writes its instance dict.
    A field with a default factory takes None for "make one" (as `caseless=None` -> a new list)."""
    params: list[str] = []
    lines: list[str] = []
    names: dict[str, object] = {}
    for f in dataclasses.fields(cls):  # type: ignore[arg-type]
        value = f.name
        if f.default is not dataclasses.MISSING:
            names[f"_default_{f.name}"] = f.default
            params.append(f"{f.name}=_default_{f.name}")
        elif f.default_factory is not dataclasses.MISSING:
            names[f"_factory_{f.name}"] = f.default_factory
            params.append(f"{f.name}=None")
            value = f"_factory_{f.name}() if {f.name} is None else {f.name}"
        else:
            params.append(f.name)
        lines.append(f"    d[{f.name!r}] = {value}\n")
    source = f"def __init__(self, {', '.join(params)}):\n    d = self.__dict__\n{''.join(lines)}"
    exec(source, names)  # noqa: S102 - our own field names, as dataclasses itself builds __init__
    init = names["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"  # type: ignore[attr-defined]
    cls.__init__ = init  # type: ignore[misc]
    return cls
