"""A password rule Django lacks: enough different characters (``aaaaaaaaaaaa`` is refused)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.utils.translation import ngettext


class CharacterVarietyValidator:
    """Refuses a password with fewer than ``min_distinct`` different characters.

    Length alone lets ``aaaaaaaaaaaa`` or ``abababababab`` through; a handful of distinct
    characters is a cheap floor that a passphrase or a generated password always clears.
    """

    def __init__(self, min_distinct: int = 6) -> None:
        self.min_distinct = min_distinct

    def validate(self, password: str, user: AbstractBaseUser | None = None) -> None:
        if len(set(password)) < self.min_distinct:
            raise ValidationError(
                ngettext(
                    "This password uses too few different characters. "
                    "It must contain at least %(min_distinct)d different character.",
                    "This password uses too few different characters. "
                    "It must contain at least %(min_distinct)d different characters.",
                    self.min_distinct,
                ),
                code="password_too_little_variety",
                params={"min_distinct": self.min_distinct},
            )

    def get_help_text(self) -> str:
        return ngettext(
            "Your password must contain at least %(min_distinct)d different character.",
            "Your password must contain at least %(min_distinct)d different characters.",
            self.min_distinct,
        ) % {"min_distinct": self.min_distinct}
