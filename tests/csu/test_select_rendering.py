"""The form renderer builds <select> markup in Python (speed); it must equal what Django's templates give."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates

from csu.forms import FormRenderer, render_select
from schools.models import Board

pytestmark = pytest.mark.django_db

CHOICES = [
    ("", "---------"),
    ("a", 'Aé <b>"bold"</b> & co'),
    (3, "Three"),
    ("Group <1>", [("g1", "One in group"), ("g2", "Two & more")]),
]


class Sample(forms.Form):
    plain = forms.ChoiceField(choices=CHOICES, required=False)
    required = forms.ChoiceField(choices=CHOICES, widget=forms.Select(attrs={"class": "form-select", "data-x": '"q"'}))
    many = forms.MultipleChoiceField(choices=CHOICES, required=False)
    yesno = forms.NullBooleanField(required=False)
    board = forms.ModelChoiceField(queryset=Board.objects.order_by("code"), required=False)


def _both(data=None):
    fast = Sample(data=data, renderer=FormRenderer())
    slow = Sample(data=data, renderer=DjangoTemplates())
    return fast, slow


@pytest.mark.parametrize(
    "data",
    [None, {"plain": "a", "required": "g2", "many": ["a", "g1", "3"], "yesno": "true"}, {"required": "nope"}],
)
def test_fast_select_is_identical_to_the_templates(data):
    Board.objects.create(code="OCDSB", name_en="Ottawa-Carleton <DSB>")
    board = Board.objects.create(code="CECCE", name_en="Conseil & école")
    if data:
        data = {**data, "board": str(board.pk)}
    fast, slow = _both(data)
    if data:
        fast.is_valid()
        slow.is_valid()
    for name in Sample.base_fields:
        fast_html, slow_html = str(fast[name]), str(slow[name])
        assert fast_html == slow_html, name
        assert "<select" in fast_html
    # The selected options really are marked (the comparison above would pass on two empty strings).
    if data and "plain" in data:
        assert '<option value="a" selected>' in str(fast["plain"])
        assert f'<option value="{board.pk}" selected>' in str(fast["board"])
        assert "&lt;b&gt;&quot;bold&quot;&lt;/b&gt; &amp; co" in str(fast["plain"])


def test_an_option_with_its_own_template_falls_back_to_the_templates():
    class OwnOption(forms.Select):
        option_template_name = "django/forms/widgets/input_option.html"

    widget = OwnOption(choices=[("x", "X")])
    context = widget.get_context("f", "x", {"id": "id_f"})
    assert render_select(context["widget"]) is None
    assert widget.render("f", "x", renderer=FormRenderer()) == widget.render("f", "x", renderer=DjangoTemplates())
