"""Bounces that come back later by e-mail: delivery status notifications (RFC 3464), which a relay sends to the
envelope sender after it accepted a message it then could not deliver.

Only a recipient whose delivery *failed* with a permanent status (5.x.x) is a hard bounce, and a hard bounce marks
the address refused (`services.subscriber_bounced`) only with proof that the report is about a message we sent to
that address: the report's returned original (its text/rfc822-headers or message/rfc822 part) carries the
Message-ID of a mailing-list reminder (a bulletin or a confirmation) to that address, whose digest only we can make
(`csu.services.reminder_message_id`). Anyone can send a delivery report naming a subscriber; without that proof it
is counted as unverified and left for a person to read. Temporary failures (4.x.x), delays and success notices
change nothing; messages that are not delivery reports (auto-replies, people answering a bulletin, spam) are
counted and left for a person to read. Bounces refused during the SMTP conversation are handled by the outbox
(`csu.services`).
"""

from __future__ import annotations

import email
import email.policy
import logging
import mailbox
import os
import re
from dataclasses import dataclass
from email.message import Message
from email.parser import BytesHeaderParser
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _

from csu.models import Reminder
from csu.services import reminder_message_id

from .models import Subscriber
from .services import subscriber_bounced

logger = logging.getLogger(__name__)

REPORT_TYPES = {"message/delivery-status", "message/global-delivery-status"}
# The part of a report that returns the original message, or only its headers (RFC 3462, RFC 6533).
RETURNED_TYPES = {"text/rfc822-headers", "message/rfc822", "message/global", "message/global-headers"}
# Mail to subscribers: only a report about one of these concerns the list (an officer's bouncing reminder does not).
LIST_KINDS = ("bulletin", "list_confirm")
_OUR_MESSAGE_ID = re.compile(r"<reminder-([0-9]{1,18})\.([0-9a-f]{16,64})@csu\.invalid>")
_STATUS = re.compile(r"\s*([245])\.(\d{1,3})\.(\d{1,3})")
_LISTED = (Subscriber.Status.CONFIRMED, Subscriber.Status.PENDING)


@dataclass(frozen=True)
class Recipient:
    """One per-recipient block of a report. `addresses`: Original-Recipient first (the address the message was
    sent to), then Final-Recipient (where a forward may have led), lower-cased."""

    addresses: tuple[str, ...]
    action: str
    status: str
    diagnostic: str

    @property
    def hard(self) -> bool:
        return self.action == "failed" and self.status.startswith("5.")

    @property
    def error(self) -> str:
        return " ".join(filter(None, [self.status, self.diagnostic]))[:500]


@dataclass(frozen=True)
class Report:
    """A delivery report: its recipient blocks and the Message-IDs of the original it returns (usually one)."""

    recipients: tuple[Recipient, ...]
    message_ids: tuple[str, ...]


@dataclass
class BounceCount:
    hard: int = 0  # recipients refused for good, about a message we sent them
    marked: int = 0  # of those, subscribers marked refused by this reading
    unverified: int = 0  # refused for good, but nothing shows the report is about a message we sent to the address
    ignored: int = 0  # temporary failures, delays, delivered or relayed
    not_reports: int = 0  # messages that are not delivery reports (or cannot be read at all)

    def __iadd__(self, other: BounceCount) -> BounceCount:
        self.hard += other.hard
        self.marked += other.marked
        self.unverified += other.unverified
        self.ignored += other.ignored
        self.not_reports += other.not_reports
        return self

    @property
    def for_a_person(self) -> bool:
        """The message should stay unread in the mailbox: someone must look at it."""
        return bool(self.not_reports or self.unverified)

    def summary(self) -> str:
        return _(
            "Hard bounces: %(hard)d (addresses newly marked refused: %(marked)d). Hard bounces without proof that "
            "we sent the message, left unread for a person: %(unverified)d. Ignored (temporary, delayed or "
            "delivered): %(ignored)d. Not delivery reports: %(not_reports)d."
        ) % {
            "hard": self.hard,
            "marked": self.marked,
            "unverified": self.unverified,
            "ignored": self.ignored,
            "not_reports": self.not_reports,
        }


def _address(value: str | None) -> str | None:
    """`rfc822; Ana@Example.test` -> `ana@example.test`; None for another address type or no address."""
    if not value:
        return None
    kind, _sep, address = value.rpartition(";")
    if kind.strip().lower() not in ("", "rfc822", "utf-8"):
        return None
    address = address.strip().strip("<>").strip().lower()
    if "@" not in address or any(c.isspace() for c in address) or len(address) > 254:
        return None
    return address


def _clean(value: str | None) -> str:
    return " ".join(str(value or "").split())


def _blocks(part: Message) -> list[Message]:
    """The header blocks of a delivery-status part: the email package parses message/delivery-status into one
    Message per block; message/global-delivery-status (RFC 6533) stays text and is split here."""
    payload = part.get_payload()
    if isinstance(payload, list) and part.get_content_type() == "message/delivery-status":
        return payload
    if isinstance(payload, list):  # other message/* types are parsed as one enclosed message: its text again
        raw = b"".join(enclosed.as_bytes() for enclosed in payload)
    else:
        raw = part.get_payload(decode=True) or b""
    parser = BytesHeaderParser(policy=email.policy.default)
    return [
        parser.parsebytes(block.strip()) for block in re.split(rb"\r?\n(?:[ \t]*\r?\n)+", raw.strip()) if block.strip()
    ]


def _report_parts(part: Message):
    """Delivery-status parts of the message, not looking inside an attached message (the returned original, or a
    report someone forwarded)."""
    kind = part.get_content_type()
    if kind in REPORT_TYPES:
        yield part
    elif part.get_content_maintype() == "multipart" and isinstance(part.get_payload(), list):
        for sub in part.get_payload():
            yield from _report_parts(sub)


def _returned_parts(part: Message):
    """The returned originals of the message: a returned part beside a delivery-status part in the same multipart
    (the multipart/report), never one inside an attached message."""
    if part.get_content_maintype() != "multipart" or not isinstance(part.get_payload(), list):
        return
    children = part.get_payload()
    if any(child.get_content_type() in REPORT_TYPES for child in children):
        yield from (child for child in children if child.get_content_type() in RETURNED_TYPES)
    for child in children:
        yield from _returned_parts(child)


def _returned_message_id(part: Message) -> str | None:
    """The Message-ID header of a returned original (the whole message, or only its headers, as text)."""
    try:
        payload = part.get_payload()
        if isinstance(payload, list):  # message/rfc822: parsed into the enclosed message
            raw = payload[0].as_bytes() if payload else b""
        else:
            raw = part.get_payload(decode=True) or b""
        # compat32: the header's text as written, whatever its syntax; only our own exact form is accepted below.
        value = BytesHeaderParser().parsebytes(raw, headersonly=True).get("Message-ID")
    except Exception:  # hostile input: a returned part that cannot be read proves nothing
        logger.warning("The returned original of a delivery report could not be read", exc_info=True)
        return None
    return _clean(value) or None


def read_report(raw: bytes) -> Report | None:
    """A delivery report's recipient blocks and returned Message-IDs, or None when the message is not one. Never
    raises: anything that cannot be read is "not a report"."""
    try:
        message = email.message_from_bytes(raw, policy=email.policy.default)
        recipients = []
        for part in _report_parts(message):
            for block in _blocks(part)[1:]:  # the first block is about the message, the others each a recipient
                addresses = [_address(block.get("Original-Recipient")), _address(block.get("Final-Recipient"))]
                addresses = tuple(dict.fromkeys(a for a in addresses if a))
                if not addresses:
                    continue
                status = _STATUS.match(str(block.get("Status") or ""))
                recipients.append(
                    Recipient(
                        addresses=addresses,
                        action=(_clean(block.get("Action")).split() or [""])[0].lower(),
                        status=".".join(status.groups()) if status else "",
                        diagnostic=_clean(block.get("Diagnostic-Code")),
                    )
                )
        if not recipients:
            return None
        message_ids = (_returned_message_id(part) for part in _returned_parts(message))
        return Report(recipients=tuple(recipients), message_ids=tuple(dict.fromkeys(m for m in message_ids if m)))
    except Exception:  # the email package raises several types on hostile input; one bad message must not stop a run
        logger.warning("A message in the bounce mailbox could not be read as a delivery report", exc_info=True)
        return None


def report_recipients(raw: bytes) -> list[Recipient] | None:
    """The recipient blocks of a delivery report, or None when the message is not one."""
    report = read_report(raw)
    return list(report.recipients) if report else None


def sent_reminders(message_ids) -> list[Reminder]:
    """The mailing-list reminders whose Message-ID these are, checked against the digest only we can make (under
    SECRET_KEY or one of SECRET_KEY_FALLBACKS, so that a key rotation does not orphan the reports still coming)."""
    claimed = {}
    for message_id in message_ids:
        match = _OUR_MESSAGE_ID.fullmatch(message_id)
        if match:
            claimed.setdefault(int(match.group(1)), []).append(message_id)
    if not claimed:
        return []
    secrets = [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]
    found = []
    for reminder in Reminder.objects.filter(pk__in=claimed, kind__in=LIST_KINDS):
        made = [reminder_message_id(reminder, secret=secret) for secret in secrets]
        if any(constant_time_compare(ours, theirs) for ours in made for theirs in claimed[reminder.pk]):
            found.append(reminder)
    return found


def bounce_report_read(*, raw: bytes) -> BounceCount:
    """Read one message: a hard bounce about a message we sent marks that subscriber refused (once: reading the
    same report again changes nothing). Addresses not on the list, and subscribers who already left, are left as
    they are; a hard bounce without that proof changes nothing and is counted as unverified."""
    count = BounceCount()
    report = read_report(raw)
    if report is None:
        count.not_reports = 1
        return count
    hard = [recipient for recipient in report.recipients if recipient.hard]
    count.ignored = len(report.recipients) - len(hard)
    if not hard:
        return count
    sent_to = {reminder.email.strip().lower() for reminder in sent_reminders(report.message_ids)}
    with transaction.atomic():
        for recipient in hard:
            # The address we sent to: the Original-Recipient, or the Final-Recipient when the relay gives only that.
            address = next((a for a in recipient.addresses if a in sent_to), None)
            if address is None:
                count.unverified += 1
                continue
            count.hard += 1
            status = Subscriber.objects.filter(email=address).values_list("status", flat=True).first()
            if status is None:
                continue
            subscriber_bounced(email=address, error=recipient.error)
            count.marked += status in _LISTED
    return count


def bounce_maildir_read(*, path: str | Path) -> BounceCount:
    """Read every message in the Maildir's new/ and move it to cur/: delivery reports flagged seen (`:2,S`),
    other messages and reports with an unverified hard bounce unflagged, so that a person opening the mailbox
    still sees them as unread. A message is moved
    only once its report is saved: a run stopped half-way reads the rest, and nothing twice, the next time.

    Raises mailbox.NoSuchMailboxError when `path` is not a Maildir."""
    box = mailbox.Maildir(path, factory=None, create=False)
    count = BounceCount()
    # Only new/ is listed: cur/ keeps every message read before and is not parsed again at each run.
    for name in sorted(os.listdir(Path(path) / "new")):
        if name.startswith("."):
            continue
        key = name.split(box.colon)[0]
        try:
            message, raw = box.get_message(key), box.get_bytes(key)
        except (KeyError, FileNotFoundError):  # taken by another reader meanwhile
            continue
        one = bounce_report_read(raw=raw)
        count += one
        message.set_subdir("cur")
        message.set_flags(message.get_flags() + ("" if one.for_a_person else "S"))
        try:
            box[key] = message
        except (KeyError, FileNotFoundError):
            continue
    return count
