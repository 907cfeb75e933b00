"""Leases: one row per singleton process role (the scheduler), held by one process at a time."""

from django.db import models


class Lease(models.Model):
    name = models.CharField(max_length=64, primary_key=True)
    holder = models.CharField(max_length=200, blank=True)
    expires_at = models.DateTimeField()

    def __str__(self):
        return f"{self.name} held by {self.holder or 'nobody'} until {self.expires_at}"
