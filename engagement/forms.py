from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from csu.locking import VersionedFormMixin, VersionField
from csu.text import service_name

from .guard import HumanCheckForm
from .models import Bulletin, Topic


def consent_wording() -> str:
    return str(
        _(
            "I agree to receive the community bulletins of %(service)s by e-mail, on the topics I chose. I can "
            "unsubscribe at any time with the link in every bulletin."
        )
        % {"service": service_name()}
    )


class SubscribeForm(HumanCheckForm):
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    language = forms.ChoiceField(label=_("Language of the bulletins"), choices=[("en", "English"), ("fr", "Français")])
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics"), queryset=Topic.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    consent = forms.BooleanField(label="", required=True)

    field_order = ["email", "language", "topics", "consent", "website", "stamp"]
    summary_labels = {"consent": _("Consent")}

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


class BulletinForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Bulletin
        fields = ["subject_en", "subject_fr", "body_en", "body_fr", "topics"]
        widgets = {"topics": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A draft keeps a topic made inactive since it was chosen, unless the coordinator unticks it.
        offered = Q(active=True)
        if self.instance.pk:
            offered |= Q(pk__in=self.instance.topics.values("pk"))
        self.fields["topics"].queryset = Topic.objects.filter(offered)


class BulletinSendForm(forms.Form):
    """The confirmation before sending: the version of the bulletin the person read on that page."""

    version = VersionField()


class PublicRequestForm(HumanCheckForm):
    """A school or community group asks for a presentation; it lands in the coordinator's request queue."""

    organisation = forms.CharField(label=_("School or organisation"), max_length=200)
    contact_name = forms.CharField(label=_("Your name"), max_length=150)
    contact_email = forms.EmailField(label=_("E-mail"), required=False, max_length=254)
    contact_phone = forms.CharField(label=_("Phone"), required=False, max_length=30)
    topic = forms.CharField(label=_("What would you like a presentation on?"), max_length=200)
    preferred_dates = forms.CharField(label=_("Preferred dates or times"), required=False, max_length=200)
    audience_description = forms.CharField(label=_("Audience (e.g. Grade 8 classes, newcomer parents)"), max_length=300)
    audience_size = forms.IntegerField(label=_("About how many people?"), required=False, min_value=1, max_value=2000)
    language = forms.ChoiceField(
        label=_("Language of the presentation"), choices=[("en", "English"), ("fr", "Français")]
    )

    field_order = [
        "organisation", "contact_name", "contact_email", "contact_phone", "topic", "preferred_dates",
        "audience_description", "audience_size", "language", "website", "stamp",
    ]  # fmt: skip

    def clean(self):
        data = super().clean()
        if not data.get("contact_email") and not (data.get("contact_phone") or "").strip():
            self.add_error("contact_email", _("Give an e-mail address or a phone number so that we can reach you."))
        return data


class FeedbackForm(HumanCheckForm):
    RATINGS = [(n, str(n)) for n in range(1, 6)]

    useful = forms.TypedChoiceField(
        label=_("How useful was it? (1 = not at all, 5 = very)"), choices=RATINGS, coerce=int, widget=forms.RadioSelect
    )
    clear = forms.TypedChoiceField(
        label=_("How clear was it? (1 = not at all, 5 = very)"), choices=RATINGS, coerce=int, widget=forms.RadioSelect
    )
    recommend = forms.TypedChoiceField(
        label=_("Would you recommend it to others?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Anything else? (optional)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Please do not write anyone's name: answers are anonymous."),
    )


class GroupForm(forms.ModelForm):
    class Meta:
        from .blockwatch import Group

        model = Group
        fields = ["name", "area", "households", "status", "officer", "started_on", "ended_on"]
        widgets = {
            "area": forms.Textarea(attrs={"rows": 2}),
            "started_on": forms.DateInput(attrs={"type": "date"}),
            "ended_on": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, **kwargs):
        from accounts.models import Role, User

        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = User.objects.filter(is_active=True, role=Role.OFFICER)

    def clean(self):
        data = super().clean()
        if data.get("ended_on") and data.get("started_on") and data["ended_on"] < data["started_on"]:
            self.add_error("ended_on", _("The end date is before the start date."))
        return data


class CaptainForm(forms.ModelForm):
    class Meta:
        from .blockwatch import Captain

        model = Captain
        fields = ["role", "name", "email", "phone", "consent_at"]
        widgets = {"consent_at": forms.DateInput(attrs={"type": "date"})}

    def clean_consent_at(self):
        day = self.cleaned_data["consent_at"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The date of consent cannot be in the future."))
        return day


class ActivityForm(forms.ModelForm):
    class Meta:
        from .blockwatch import Activity

        model = Activity
        fields = ["kind", "on", "attendance", "notes"]
        widgets = {"on": forms.DateInput(attrs={"type": "date"}), "notes": forms.Textarea(attrs={"rows": 3})}

    def clean_on(self):
        from django.utils import timezone

        day = self.cleaned_data["on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("Record an activity once it has happened."))
        return day
