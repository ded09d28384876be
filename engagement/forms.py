from django import forms
from django.utils.translation import gettext_lazy as _

from .guard import HumanCheckForm
from .models import Bulletin, Topic


def consent_wording() -> str:
    from django.conf import settings

    return str(
        _(
            "I agree to receive the community bulletins of %(service)s by e-mail, on the topics I chose. I can "
            "unsubscribe at any time with the link in every bulletin."
        )
        % {"service": settings.SERVICE_NAME}
    )


class SubscribeForm(HumanCheckForm):
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    language = forms.ChoiceField(label=_("Language of the bulletins"), choices=[("en", "English"), ("fr", "Français")])
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics"), queryset=Topic.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    consent = forms.BooleanField(label="", required=True)

    field_order = ["email", "language", "topics", "consent", "website", "stamp"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topics"].queryset = Topic.objects.filter(active=True)
        self.fields["consent"].label = consent_wording()
        self.fields["consent"].error_messages["required"] = _("Tick the box to give your consent.")


class SheetSubscriberForm(forms.Form):
    """An address from a signed sign-up sheet (express consent in writing: no e-mail confirmation)."""

    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    language = forms.ChoiceField(label=_("Language of the bulletins"), choices=[("en", "English"), ("fr", "Français")])
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics"), queryset=Topic.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    source = forms.CharField(label=_("Sign-up sheet of"), max_length=200, help_text=_("e.g. Coffee with a Cop, May 3."))
    signed_on = forms.DateField(label=_("Signed on"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topics"].queryset = Topic.objects.filter(active=True)

    def clean_signed_on(self):
        from django.utils import timezone

        day = self.cleaned_data["signed_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("A sheet cannot be signed in the future."))
        return day


class BulletinForm(forms.ModelForm):
    class Meta:
        model = Bulletin
        fields = ["subject_en", "subject_fr", "body_en", "body_fr", "topics"]
        widgets = {"topics": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topics"].queryset = Topic.objects.filter(active=True)
