"""The principal's copy of a drill: one PDF page (times, problems found, follow-ups and who owns them), in the
school's language (its board's), downloaded by the officer or e-mailed to the school's contact after the debrief.

The PDF is built with the annual report's WeasyPrint setup (reports.rendering: embedded fonts, the PDF stylesheet).
The e-mail goes out directly with the file attached: the reminder outbox holds text messages only, and the officer
sees at once whether the school's mail server accepted it.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from csu.text import interface_language

from .models import Drill


def school_language(drill: Drill) -> str:
    return interface_language(drill.school.board.language, default="en-ca")


def filename(drill: Drill) -> str:
    return f"drill-{drill.pk}-{drill.occurs_on:%Y-%m-%d}.pdf"


def render(drill: Drill) -> bytes:
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    from reports.rendering import PDF_STYLESHEET, _font_faces, report_fonts

    fonts = report_fonts()
    with translation.override(school_language(drill)):
        html = render_to_string(
            "drills/pdf/principal_copy.html",
            {
                "drill": drill,
                "language": school_language(drill),
                "followups": list(drill.followups.order_by("due_on", "pk")),
                "start": timezone.localtime(drill.conducted_start),
                "end": timezone.localtime(drill.conducted_end),
            },
        )
    font_config = FontConfiguration()
    stylesheets = [CSS(string=_font_faces(fonts), font_config=font_config)]
    found = finders.find(PDF_STYLESHEET)
    if found:
        stylesheets.append(CSS(filename=found, font_config=font_config))
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(
        stylesheets=stylesheets, font_config=font_config
    )


def send(drill: Drill, *, by) -> str:
    """E-mail the principal's copy to the school's contact; returns the address. Raises ValueError without one."""
    address = drill.school.contact_email
    if not address:
        raise ValueError("no contact email")
    with translation.override(school_language(drill)):
        subject = _("Lockdown drill of %(date)s — %(school)s") % {
            "date": drill.occurs_on.isoformat(),
            "school": drill.school.name,
        }
        body = _(
            "Hello,\n\nAttached is the summary of the %(kind)s drill held at %(school)s on %(date)s, with the "
            "problems found and the follow-up actions agreed at the debrief.\n\n%(officer)s"
        ) % {"kind": drill.kind.name, "school": drill.school.name, "date": drill.occurs_on.isoformat(), "officer": by}
    message = EmailMessage(subject=subject, body=body, to=[address], reply_to=[by.email] if by.email else None)
    message.attach(filename(drill), render(drill), "application/pdf")
    message.send(fail_silently=False)
    return address
