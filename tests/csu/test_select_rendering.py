"""The form renderer builds <select> markup in Python (speed); it must equal what Django's templates give."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.forms.widgets import ChoiceWidget
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from csu.forms import FormRenderer, is_plain_select, render_select
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


EDGE_CHOICES = [
    (None, "None becomes empty"),
    ("dup", "First dup"),
    ("dup", "Second dup"),
    (2025, 2025),
    ("", [("in-nameless", "In a group without a name")]),
    ("G", [("g1", "Grouped"), (None, "None inside a group")]),
]


class Edge(forms.Form):
    single = forms.ChoiceField(choices=EDGE_CHOICES, required=False)
    several = forms.MultipleChoiceField(choices=EDGE_CHOICES, required=False)
    required = forms.ChoiceField(choices=EDGE_CHOICES)
    off = forms.ChoiceField(choices=EDGE_CHOICES, disabled=True, required=False)
    safe = forms.ChoiceField(choices=[("s", mark_safe("<em>kept</em>")), ("l", gettext_lazy("Board"))])


@pytest.mark.parametrize(
    "data",
    [None, {"single": "dup", "several": ["dup", "g1"], "required": "", "safe": "l"}, {"single": "2025"}],
)
def test_edge_cases_are_identical(data):
    fast, slow = Edge(data=data, renderer=FormRenderer()), Edge(data=data, renderer=DjangoTemplates())
    if data:
        fast.is_valid(), slow.is_valid()
    for name in Edge.base_fields:
        assert str(fast[name]) == str(slow[name]), name
    if data and data.get("single") == "dup":
        single = str(fast["single"])
        assert single.count(" selected") == 1 and '<option value="dup" selected>First dup' in single
        assert str(fast["several"]).count(" selected") == 3  # both "dup" options and g1
        assert 'aria-invalid="true"' in str(fast["required"])


def test_the_fast_path_builds_no_option_dictionaries(monkeypatch):
    """The point of `fast_select`: Django's per-option dictionaries are never built for a plain select."""

    def boom(*args, **kwargs):
        raise AssertionError("optgroups called")

    monkeypatch.setattr(ChoiceWidget, "optgroups", boom)
    html = str(Sample(renderer=FormRenderer())["plain"])
    assert '<option value="a">' in html
    with pytest.raises(AssertionError, match="optgroups called"):
        str(Sample(renderer=DjangoTemplates())["plain"])


def test_a_select_subclass_with_its_own_options_keeps_them():
    class Tagged(forms.Select):
        def create_option(self, *args, **kwargs):
            option = super().create_option(*args, **kwargs)
            option["attrs"]["data-tag"] = "t"
            return option

    class F(forms.Form):
        f = forms.ChoiceField(choices=[("x", "X")], widget=Tagged)

    assert not is_plain_select(F.base_fields["f"].widget)
    assert 'data-tag="t"' in str(F(renderer=FormRenderer())["f"])


class Inputs(forms.Form):
    text = forms.CharField(required=False, widget=forms.TextInput(attrs={"placeholder": 'a "b" & <c>'}))
    number = forms.IntegerField(required=False, min_value=1)
    day = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    when = forms.DateTimeField(required=False)
    email = forms.EmailField(disabled=True, required=False)
    secret = forms.CharField(widget=forms.PasswordInput(render_value=True))
    hidden = forms.CharField(widget=forms.HiddenInput, required=False)
    check = forms.BooleanField(required=False)
    upload = forms.FileField(required=False)
    url = forms.URLField(required=False, assume_scheme="https")


@pytest.mark.parametrize(
    "data",
    [
        None,
        {"text": '<x> & "y"', "number": "0", "day": "2026-11-29", "secret": "s3", "hidden": "h", "check": "on"},
        {"when": "not a date", "url": "javascript:1", "number": "12"},
    ],
)
def test_inputs_are_identical_to_the_templates(data):
    fast, slow = Inputs(data=data, renderer=FormRenderer()), Inputs(data=data, renderer=DjangoTemplates())
    if data:
        fast.is_valid(), slow.is_valid()
    for name in Inputs.base_fields:
        assert str(fast[name]) == str(slow[name]), name
        assert "<input" in str(fast[name])
    if data and "text" in data:
        assert 'value="&lt;x&gt; &amp; &quot;y&quot;"' in str(fast["text"]) and " checked" in str(fast["check"])


def test_the_input_templates_are_only_the_include():
    """INPUT_TEMPLATES must list only templates that are nothing but the input include in the installed Django."""
    from pathlib import Path

    import django

    from csu.forms import INPUT_TEMPLATES

    root = Path(django.__file__).parent / "forms" / "templates"
    for name in INPUT_TEMPLATES - {"django/forms/widgets/input.html"}:
        assert (root / name).read_text().strip() == '{% include "django/forms/widgets/input.html" %}', name
