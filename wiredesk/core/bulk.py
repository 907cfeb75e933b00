"""Insert many new rows of one model quickly: what ``bulk_create`` does on the ingest path,
without its per-value compiler work.

Django's ``QuerySet.bulk_create`` builds its SQL through the query compiler, which costs
about 20 us per field and row in Python (``field_as_sql``, ``prepare_value``,
``pre_save_val``, ``assemble_as_sql``): for a chunk of 100 stories and their revisions that is
more than the database's own work. :func:`insert` writes the same multi-row ``INSERT ...
RETURNING`` itself. Each field's conversion to a database value is chosen once per model and
database: plain text, numbers, booleans and foreign keys go as they are (the conversion
Django would make of them is the identity), every other field through its own
``get_db_prep_save``, exactly as Django does. No signals are sent (``bulk_create`` sends none
either). Databases that cannot return the new ids from a multi-row insert get
``bulk_create``.
"""

from datetime import UTC

from django.conf import settings
from django.db import connections, models

_AS_IS = (
    models.CharField,  # also TextField's kin: SlugField, URLField, EmailField
    models.TextField,
    models.IntegerField,  # and the small, big and positive ones
    models.BooleanField,
    models.FloatField,
)
_plans: dict[tuple, tuple] = {}


def _plan(model, connection) -> tuple:
    """``(sql prefix, row placeholder, fields, converters, max rows per statement)``."""
    key = (model, connection.alias, connection.vendor)
    if key not in _plans:
        meta = model._meta
        quote = connection.ops.quote_name
        fields = [
            f
            for f in meta.concrete_fields
            if not f.primary_key and not getattr(f, "generated", False)
        ]
        converters = []
        for field in fields:
            if isinstance(field, models.ForeignKey) or (
                isinstance(field, _AS_IS) and type(field).get_db_prep_save is _BASE_PREP_SAVE
            ):
                converters.append(None)
            elif type(field) is models.DateTimeField:
                converters.append(_datetime_converter(field, connection))
            else:
                converters.append(field.get_db_prep_save)
        columns = ", ".join(quote(f.column) for f in fields)
        prefix = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES "
        suffix = f" RETURNING {quote(meta.pk.column)}"
        row = "(" + ", ".join(["%s"] * len(fields)) + ")"
        per_statement = max(1, _max_parameters(connection) // max(1, len(fields)))
        _plans[key] = (prefix, suffix, row, fields, converters, per_statement)
    return _plans[key]


_BASE_PREP_SAVE = models.Field.get_db_prep_save


def _datetime_converter(field, connection):
    """``field.get_db_prep_save`` for aware datetimes, without its layers of calls: as they
    are for PostgreSQL, as naive UTC text for SQLite (what Django stores there, with the
    database's time zone left at UTC). Anything else goes through the field."""
    slow = field.get_db_prep_save
    if not settings.USE_TZ or connection.vendor not in ("sqlite", "postgresql"):
        return slow
    if connection.vendor == "postgresql":

        def convert(value, connection):
            if value is None or value.utcoffset() is None:
                return slow(value, connection)
            return value

        return convert
    if connection.timezone != UTC and getattr(connection.timezone, "key", "") != "UTC":
        return slow

    def convert_sqlite(value, connection):
        if value is None or value.utcoffset() is None:
            return slow(value, connection)
        return str(value.astimezone(UTC).replace(tzinfo=None))

    return convert_sqlite


def quoted(model, *fields: str, using: str = "default") -> tuple[str, dict[str, str]]:
    """``model``'s table and the columns of ``fields`` (by field name), quoted for plain SQL
    on the database ``using``."""
    quote = connections[using].ops.quote_name
    meta = model._meta
    return quote(meta.db_table), {name: quote(meta.get_field(name).column) for name in fields}


def _max_parameters(connection) -> int:
    """How many ``%s`` one statement may carry on this database."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        try:
            import sqlite3

            return connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
        except AttributeError:  # Python before 3.11
            return 999
    return 30_000  # PostgreSQL takes 65,535; leave room


def _values(obj, fields, converters, connection) -> list:
    values = []
    for field, converter in zip(fields, converters, strict=True):
        if isinstance(field, models.DateField):  # auto_now and auto_now_add
            value = field.pre_save(obj, True)
        else:
            value = getattr(obj, field.attname)
            if value is None and field.is_relation and field.is_cached(obj):
                related = field.get_cached_value(obj)  # assigned before it had a pk
                value = related.pk if related is not None else None
                setattr(obj, field.attname, value)
        values.append(value if converter is None else converter(value, connection))
    return values


def insert(objs: list, using: str = "default") -> list:
    """Insert ``objs`` (new instances of one model, without primary keys) and set their
    primary keys; returns ``objs``."""
    if not objs:
        return objs
    model = type(objs[0])
    connection = connections[using]
    if not connection.features.can_return_rows_from_bulk_insert:
        return model._default_manager.using(using).bulk_create(objs)
    prefix, suffix, row, fields, converters, per_statement = _plan(model, connection)
    with connection.cursor() as cursor:
        for start in range(0, len(objs), per_statement):
            batch = objs[start : start + per_statement]
            parameters = []
            for obj in batch:
                parameters.extend(_values(obj, fields, converters, connection))
            cursor.execute(prefix + ", ".join([row] * len(batch)) + suffix, parameters)
            # both engines number the rows of one statement upwards in the order given, but
            # neither promises to return them in that order: sorted, they are
            ids = sorted(pk for (pk,) in cursor.fetchall())
            if len(ids) != len(batch):
                raise RuntimeError(f"{len(batch)} rows inserted, {len(ids)} ids returned")
            for obj, pk in zip(batch, ids, strict=True):
                obj.pk = pk
                obj._state.adding = False
                obj._state.db = using
    return objs
