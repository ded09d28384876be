from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import AnnualReport
from .services import period_validate


class ReportRequestForm(forms.ModelForm):
    year = forms.IntegerField(
        label=_("Year"),
        min_value=2000,
        max_value=2100,
        help_text=_("For a school year, the year it starts in (2025 means 2025–2026)."),
    )

    class Meta:
        model = AnnualReport
        fields = ["period_kind", "year", "language", "introduction"]
        widgets = {"introduction": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("year", timezone.localdate().year - 1)

    def clean(self):
        data = super().clean()
        if data.get("period_kind") and data.get("year"):
            try:
                period_validate(period_kind=data["period_kind"], year=data["year"])
            except ValidationError as exc:
                self.add_error(None, exc)  # a dict-based error lands next to its field (year)
        return data
