from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from .models import User


class LanguageForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["language"]
        labels = {"language": _("Interface language")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The blank choice means "no saved choice": the browser's language (or the switch's cookie) applies.
        self.fields["language"].choices = [("", _("Same as my browser")), *settings.LANGUAGES]


class OTPCodeForm(forms.Form):
    """A six-digit code from the authenticator app, or one of the recovery codes."""

    code = forms.CharField(
        label=_("Code"),
        max_length=16,
        help_text=_("The 6-digit code shown by your authenticator app, or one of your recovery codes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )

    def clean_code(self) -> str:
        code = "".join(self.cleaned_data["code"].split())
        if not code.isalnum():
            raise forms.ValidationError(_("Enter the code with digits and letters only."))
        return code


class OTPSetupCodeForm(OTPCodeForm):
    """The first code of a new authenticator (no recovery codes exist yet: the help text does not mention them)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].max_length = 6
        self.fields["code"].help_text = _("The 6-digit code your authenticator app shows now.")


class UnlockForm(forms.Form):
    username = forms.CharField(max_length=150)


class HandoverForm(forms.Form):
    """One "give to" choice per kind of work the person holds; left empty, that kind stays where it is."""

    def __init__(self, *args, holdings, from_user, **kwargs):
        from .leaving import recipients

        super().__init__(*args, **kwargs)
        self.holdings = [h for h in holdings if h.transferable]
        for holding in self.holdings:
            self.fields[holding.key] = forms.ModelChoiceField(
                queryset=recipients(holding, exclude=from_user),
                required=False,
                label=holding.label,
                help_text=holding.note,
                empty_label=_("Keep with them for now"),
            )

    def choices(self) -> dict:
        return {key: user for key, user in self.cleaned_data.items() if user is not None}


class SignInForm(AuthenticationForm):
    """Django's sign-in form, with its user name length enforced: Django only writes it as the field's HTML
    `maxlength`, so a longer name reached the password check and django-axes' record of the failure (a column of
    255 characters: a 500 on PostgreSQL). A name longer than any user name can be is refused before both."""

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        field = self.fields["username"]
        field.validators.append(MaxLengthValidator(field.max_length))
