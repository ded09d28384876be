"""The month abbreviations of French dates ("1 déc. 2026": the `N` of formats.py) as the OQLF writes them.

Django's French gives "jan.", "fév." and "juil.". These are Django's own messages (same context and text), listed
here so that `makemessages` keeps them in our catalogue, which Django reads before its own (LOCALE_PATHS): our
French says "janv.", "févr." and "juill.". Nothing imports this module.
"""

from django.utils.translation import pgettext_lazy

MONTHS_AP = [
    pgettext_lazy("abbrev. month", "Jan."),
    pgettext_lazy("abbrev. month", "Feb."),
    pgettext_lazy("abbrev. month", "March"),
    pgettext_lazy("abbrev. month", "April"),
    pgettext_lazy("abbrev. month", "May"),
    pgettext_lazy("abbrev. month", "June"),
    pgettext_lazy("abbrev. month", "July"),
    pgettext_lazy("abbrev. month", "Aug."),
    pgettext_lazy("abbrev. month", "Sept."),
    pgettext_lazy("abbrev. month", "Oct."),
    pgettext_lazy("abbrev. month", "Nov."),
    pgettext_lazy("abbrev. month", "Dec."),
]
