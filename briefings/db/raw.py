"""The hottest statements of ingest, run on the driver's own cursor with SQL that SQLAlchemy compiled once.

An indexed look-up costs SQLite ~0.04 ms; SQLAlchemy adds ~0.1 ms per statement around it (expanding IN lists,
building parameters, a result object). For the few statements run once per frame or per article, `Raw` compiles
the SQLAlchemy statement once per dialect and shape (the lengths of its IN lists), keeps where each value goes, and
then binds values itself: the same SQL text SQLAlchemy would send (so the same query plan and rows), the same bind
conversions (a date on SQLite becomes the text SQLAlchemy stores), on the same connection and transaction.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from operator import itemgetter
from typing import Any, NamedTuple

from sqlalchemy import Connection, Table, insert
from sqlalchemy.engine import Dialect
from sqlalchemy.sql import Executable



class _Mark(NamedTuple):
    """Where a compiled parameter's value comes from: a parameter, and its index in an IN list (None: plain)."""

    name: str
    index: int | None


@dataclass(frozen=True)
class _Shape:
    sql: str
    positional: tuple[str, ...] | None  # parameter names in order (qmark/format drivers); None: named
    slots: dict[str, Any]  # compiled name -> a _Mark, or the statement's own value (a LIMIT)
    convert: dict[str, Callable[[Any], Any]]  # compiled name -> bind processor (e.g. date -> text on SQLite)
    results: tuple[Callable[[Any], Any] | None, ...]  # per column: result processor (text -> date on SQLite)

    @cached_property
    def plan(self) -> tuple[tuple[Any, Callable[[Any], Any] | None], ...]:
        """(slot, bind processor) of each value, in the order the driver takes them."""
        names = self.positional if self.positional is not None else tuple(self.slots)
        return tuple((self.slots[n], self.convert.get(n)) for n in names)


class Raw:
    """One statement, executed on the driver's cursor; `lists` names its expanding (IN) parameters."""

    def __init__(self, statement: Executable, lists: Sequence[str] = ()) -> None:
        self.statement = statement
        self.lists = tuple(lists)
        self._shapes: dict[tuple[str, tuple[int, ...]], _Shape] = {}
        self._compiled: dict[str, Any] = {}

    def _shape(self, dialect: Dialect, params: Mapping[str, Any]) -> _Shape:
        sizes = tuple(len(params[name]) for name in self.lists)
        key = (dialect.name, sizes)
        shape = self._shapes.get(key)
        if shape is None:
            compiled = self._compiled.get(dialect.name)
            if compiled is None:
                compiled = self._compiled[dialect.name] = self.statement.compile(dialect=dialect)
            marks: dict[str, Any] = {name: _Mark(name, None) for name in params if name not in self.lists}
            marks.update({name: [_Mark(name, i) for i in range(n)] for name, n in zip(self.lists, sizes)})
            state = compiled.construct_expanded_state(marks)
            convert = {}
            for name, slot in state.parameters.items():
                bound = compiled.binds.get(slot.name if isinstance(slot, _Mark) else name)
                process = bound.type.dialect_impl(dialect).bind_processor(dialect) if bound is not None else None
                if process is not None:
                    convert[name] = process
            columns = getattr(self.statement, "selected_columns", ())
            results = tuple(c.type.dialect_impl(dialect).result_processor(dialect, None) for c in columns)
            shape = self._shapes[key] = _Shape(state.statement, tuple(state.positiontup) if state.positiontup
                                               else None, dict(state.parameters), convert,
                                               results if any(results) else ())
        return shape

    def execute(self, conn: Connection, params: Mapping[str, Any]) -> list[tuple[Any, ...]]:
        """All rows, as plain tuples."""
        shape = self._shape(conn.dialect, params)
        values: list[Any] = []
        for slot, process in shape.plan:
            if isinstance(slot, _Mark):
                value = params[slot.name] if slot.index is None else params[slot.name][slot.index]
            else:
                value = slot
            values.append(process(value) if process is not None and value is not None else value)
        args = values if shape.positional is not None else dict(zip(shape.slots, values))
        cursor = conn.connection.cursor()
        try:
            _announce(conn, cursor, shape.sql, args, False)
            cursor.execute(shape.sql, args)
            rows = cursor.fetchall()
        finally:
            cursor.close()
        if shape.results:
            pairs = tuple(enumerate(shape.results))
            rows = [tuple(p(row[i]) if p is not None else row[i] for i, p in pairs) for row in rows]
        return rows  # type: ignore[no-any-return]

    def scalars(self, conn: Connection, params: Mapping[str, Any]) -> list[Any]:
        return [row[0] for row in self.execute(conn, params)]


@dataclass(frozen=True)
class _Insert:
    sql: str
    order: tuple[str, ...]  # the values of a row, in the order the SQL takes them
    convert: tuple[Callable[[Any], Any] | None, ...]
    named: bool  # the driver takes a dict (pyformat), not a tuple


_INSERTS: dict[tuple[str, str, tuple[str, ...]], _Insert | None] = {}  # by (dialect, table, keys): set by the code


def _insert_shape(table: Table, dialect: Dialect, keys: tuple[str, ...]) -> _Insert | None:
    """The INSERT SQLAlchemy would send for rows with these keys; None when a column left out has a default that
    SQLAlchemy computes in Python (then SQLAlchemy itself must run the statement)."""
    cache = (dialect.name, table.name, keys)
    if cache not in _INSERTS:
        left_out = [c for c in table.c if c.key not in keys and not c.primary_key]
        if any(c.default is not None or c.onupdate is not None for c in left_out):
            _INSERTS[cache] = None
        else:
            compiled = insert(table).compile(dialect=dialect, column_keys=list(keys), for_executemany=True)
            order = tuple(compiled.positiontup) if compiled.positiontup else tuple(keys)
            convert = tuple(table.c[k].type.dialect_impl(dialect).bind_processor(dialect) for k in order)
            _INSERTS[cache] = _Insert(compiled.string, order, convert, not compiled.positiontup)
    return _INSERTS[cache]


def insert_many(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """One executemany of rows that all have the same keys, on the driver's cursor (SQLAlchemy builds and checks a
    parameter set per row: ~3 µs each, 20 band rows an article)."""
    shape = _insert_shape(table, conn.dialect, tuple(rows[0]))
    if shape is None:
        conn.execute(insert(table), rows)
        return
    get = itemgetter(*shape.order)
    args: list[Any] = [get(row) for row in rows] if len(shape.order) > 1 else [(get(row),) for row in rows]
    for at, process in enumerate(shape.convert):
        if process is not None:  # a batch's rows share values (its `now`): each converted once
            done: dict[Any, Any] = {None: None}
            for n, values in enumerate(args):
                value = values[at]
                try:
                    new = done[value]
                except KeyError:
                    new = done[value] = process(value)
                except TypeError:  # unhashable
                    new = process(value)
                args[n] = (*values[:at], new, *values[at + 1:])
    if shape.named:
        args = [dict(zip(shape.order, values)) for values in args]
    cursor = conn.connection.cursor()
    try:
        _announce(conn, cursor, shape.sql, args, True)
        cursor.executemany(shape.sql, args)
    finally:
        cursor.close()


def _announce(conn: Connection, cursor: Any, sql: str, args: Any, many: bool) -> None:
    """Listeners of "before_cursor_execute" (statement logs, tests that count statements) still see each one."""
    if conn.dispatch.before_cursor_execute:
        conn.dispatch.before_cursor_execute(conn, cursor, sql, args, None, many)
