"""A database lease so only one process acts as the scheduler, on SQLite and PostgreSQL alike.

Taking or renewing the lease is one conditional UPDATE: it succeeds only for the current holder
or when the lease has expired, so two schedulers can never both believe they hold it.
"""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from .models import Lease


def acquire(name: str, holder: str, ttl: timedelta) -> bool:
    now = timezone.now()
    with transaction.atomic():
        taken = (
            Lease.objects.filter(name=name)
            .filter(Q(holder=holder) | Q(expires_at__lt=now))
            .update(holder=holder, expires_at=now + ttl)
        )
        if taken:
            return True
        if Lease.objects.filter(name=name).exists():
            return False
    try:
        with transaction.atomic():
            Lease.objects.create(name=name, holder=holder, expires_at=now + ttl)
        return True
    except IntegrityError:
        return False


def release(name: str, holder: str) -> None:
    Lease.objects.filter(name=name, holder=holder).update(holder="", expires_at=timezone.now())
