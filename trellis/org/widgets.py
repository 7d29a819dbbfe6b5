"""The people picker as a form field: a type-ahead box (htmx) that fills hidden inputs with
the ids of the people chosen, so nobody types an e-mail address to name a colleague.

The suggestions come from ``people_pick`` (trellis/org/views.py, trellis/org/picker.py);
trellis/static/trellis/picker.js moves through them with the arrow keys, picks with Enter or a
click and removes a chosen person with their button.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from trellis.org.models import Person

PLACEHOLDER = "Type a name, job title or team"


def _ids(values: Any) -> list[int]:
    out = []
    for value in values if isinstance(values, list | tuple) else [values]:
        if isinstance(value, Person):
            out.append(value.pk)
        elif str(value or "").strip().isdigit():
            out.append(int(str(value).strip()))
    return out


class PersonPicker(forms.Widget):
    def __init__(self, *, multiple: bool = False, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.multiple = multiple

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        if self.multiple:
            return data.getlist(name) if hasattr(data, "getlist") else data.get(name, [])
        return data.get(name)

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return name not in data

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        attrs = self.build_attrs(self.attrs, attrs)
        box = attrs.get("id") or f"pick-{name}"
        chosen = list(Person.objects.filter(pk__in=_ids(value)).order_by("last_name"))
        if self.multiple:
            chips = format_html_join(
                "",
                '<li>{} <input type="hidden" name="{}" value="{}">'
                '<button type="button" class="link" data-pick-remove aria-label="Remove {}">'
                "×</button></li>",
                ((p.full_name, name, p.pk, p.full_name) for p in chosen),
            )
            held = format_html('<ul class="picker-chosen" data-picker-chosen>{}</ul>', chips)
            shown = ""
        else:
            held = format_html(
                '<input type="hidden" name="{}" value="{}" data-picker-value>',
                name,
                chosen[0].pk if chosen else "",
            )
            shown = chosen[0].full_name if chosen else ""
        return format_html(
            '<div class="picker" data-picker data-picker-name="{}"{}>{}'
            '<input type="search" id="{}" name="q" value="{}" role="combobox" '
            'aria-expanded="false" aria-controls="{}-list" aria-autocomplete="list" '
            'autocomplete="off" maxlength="100" placeholder="{}" hx-get="{}" '
            'hx-trigger="input changed delay:150ms, search" hx-target="#{}-list" '
            'hx-swap="innerHTML" hx-sync="this:replace" hx-vals=\'{{"box": "{}-list"}}\'>'
            '<ul id="{}-list" class="picker-list" role="listbox" aria-label="People"></ul></div>',
            name,
            mark_safe(' data-picker-multi="1"') if self.multiple else "",
            held,
            box,
            shown,
            box,
            PLACEHOLDER,
            reverse("people_pick"),
            box,
            box,
            box,
        )


class PersonPickField(forms.Field):
    """One active colleague, chosen in the picker; cleans to a Person (or None)."""

    widget = PersonPicker
    default_error_messages = {"invalid": "Choose someone from the list."}

    def to_python(self, value: Any) -> Person | None:
        if value in (None, ""):
            return None
        ids = _ids(value)
        person = Person.objects.filter(pk=ids[0], is_active=True).first() if ids else None
        if person is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return person


class PeoplePickField(forms.Field):
    """Several active colleagues chosen in the picker (at most ``max_people``); cleans to a
    list of Person, in the order chosen."""

    default_error_messages = {
        "invalid": "Choose people from the list.",
        "too_many": "Choose at most %(max)s people at once.",
    }

    def __init__(self, *, max_people: int = 20, **kwargs: Any) -> None:
        kwargs.setdefault("widget", PersonPicker(multiple=True))
        super().__init__(**kwargs)
        self.max_people = max_people

    def to_python(self, value: Any) -> list[Person]:
        raw = value if isinstance(value, list | tuple) else ([value] if value else [])
        ids = list(dict.fromkeys(_ids(raw)))
        if any(str(v).strip() and not str(v).strip().isdigit() for v in raw):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        if len(ids) > self.max_people:
            raise forms.ValidationError(
                self.error_messages["too_many"], code="too_many", params={"max": self.max_people}
            )
        people = Person.objects.filter(is_active=True).in_bulk(ids)
        if len(people) != len(ids):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return [people[i] for i in ids]
