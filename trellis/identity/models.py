"""Provisioning state: the SCIM client's bearer tokens and each provisioned person's link."""

from __future__ import annotations

from django.db import models
from django.db.models.functions import Lower


class ScimToken(models.Model):
    """A bearer token for the identity provider's SCIM client, apart from user API tokens.

    It acts as no user: it may only provision people through ``/scim/v2/``. Only a SHA-256
    digest is stored; the token is shown once, when made (``manage.py scim_token``).
    """

    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=12, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class ScimLink(models.Model):
    """What the identity provider knows a person by: its login name and its own id.

    People imported from the HRIS have none until the provider claims them (by userName,
    employeeNumber or externalId); ``deprovisioned_at`` is set by a SCIM DELETE, after which
    the person is inactive and no longer served over SCIM.
    """

    person = models.OneToOneField(
        "org.Person", primary_key=True, on_delete=models.CASCADE, related_name="scim"
    )
    user_name = models.CharField(max_length=254)
    # NULL, not "": many people have none, and the unique constraint must let them be.
    external_id = models.CharField(max_length=254, null=True, blank=True)  # noqa: DJ001
    deprovisioned_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(Lower("user_name"), name="scim_user_name_unique"),
            models.UniqueConstraint(fields=["external_id"], name="scim_external_id_unique"),
        ]

    def __str__(self) -> str:
        return self.user_name
