"""Bounces that come back later by e-mail: delivery status notifications (RFC 3464), which a relay sends to the
envelope sender after it accepted a message it then could not deliver.

Only a recipient whose delivery *failed* with a permanent status (5.x.x) is a hard bounce: the address is marked
refused (`services.subscriber_bounced`). Temporary failures (4.x.x), delays and success notices change nothing;
messages that are not delivery reports (auto-replies, people answering a bulletin, spam) are counted and left for a
person to read. Bounces refused during the SMTP conversation are handled by the outbox (`csu.services`).
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

from django.db import transaction
from django.utils.translation import gettext as _

from .models import Subscriber
from .services import subscriber_bounced

logger = logging.getLogger(__name__)

REPORT_TYPES = {"message/delivery-status", "message/global-delivery-status"}
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


@dataclass
class BounceCount:
    hard: int = 0  # recipients refused for good
    marked: int = 0  # of those, subscribers marked refused by this reading
    ignored: int = 0  # temporary failures, delays, delivered or relayed
    not_reports: int = 0  # messages that are not delivery reports (or cannot be read at all)

    def __iadd__(self, other: BounceCount) -> BounceCount:
        self.hard += other.hard
        self.marked += other.marked
        self.ignored += other.ignored
        self.not_reports += other.not_reports
        return self

    def summary(self) -> str:
        return _(
            "Hard bounces: %(hard)d (addresses newly marked refused: %(marked)d). Ignored (temporary, delayed or "
            "delivered): %(ignored)d. Not delivery reports: %(not_reports)d."
        ) % {"hard": self.hard, "marked": self.marked, "ignored": self.ignored, "not_reports": self.not_reports}


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


def report_recipients(raw: bytes) -> list[Recipient] | None:
    """The recipient blocks of a delivery report, or None when the message is not one. Never raises: anything
    that cannot be read is "not a report"."""
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
    except Exception:  # the email package raises several types on hostile input; one bad message must not stop a run
        logger.warning("A message in the bounce mailbox could not be read as a delivery report", exc_info=True)
        return None
    return recipients or None


def bounce_report_read(*, raw: bytes) -> BounceCount:
    """Read one message: hard bounces mark their subscriber refused (once: reading the same report again changes
    nothing). Addresses not on the list, and subscribers who already left, are left as they are."""
    count = BounceCount()
    recipients = report_recipients(raw)
    if recipients is None:
        count.not_reports = 1
        return count
    with transaction.atomic():
        for recipient in recipients:
            if not recipient.hard:
                count.ignored += 1
                continue
            count.hard += 1
            statuses = dict(Subscriber.objects.filter(email__in=recipient.addresses).values_list("email", "status"))
            address = next((a for a in recipient.addresses if a in statuses), None)
            if address is None:
                continue
            subscriber_bounced(email=address, error=recipient.error)
            count.marked += statuses[address] in _LISTED
    return count


def bounce_maildir_read(*, path: str | Path) -> BounceCount:
    """Read every message in the Maildir's new/ and move it to cur/: delivery reports flagged seen (`:2,S`),
    other messages unflagged, so that a person opening the mailbox still sees them as unread. A message is moved
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
        message.set_flags(message.get_flags() + ("" if one.not_reports else "S"))
        try:
            box[key] = message
        except (KeyError, FileNotFoundError):
            continue
    return count
