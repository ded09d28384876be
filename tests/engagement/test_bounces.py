"""Bounces that come back later as delivery reports (RFC 3464), built here as a relay such as Postfix writes them."""

import email
import hashlib
import io
import logging
import mailbox
import random
import re
from email.message import Message
from email.mime.base import MIMEBase
from email.mime.message import MIMEMessage
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import formatdate, make_msgid

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from csu.models import Reminder
from csu.services import reminder_message_id
from engagement import services
from engagement.bounces import bounce_report_read, report_recipients
from engagement.models import Bulletin, Subscriber, Topic
from engagement.tasks import read_bounces
from tests.engagement.test_mailing_list import _send, _sign_up

pytestmark = pytest.mark.django_db

UNKNOWN_USER = "smtp; 550 5.1.1 <{0}>: Recipient address rejected: User unknown in virtual mailbox table"


def dsn(
    *recipients: dict,
    returned: bytes = b"",
    global_report: bool = False,
    whole_message: bool = False,
    explanation: str = "",
) -> bytes:
    """A multipart/report; report-type=delivery-status, as Postfix's bounce daemon sends it. Each recipient is a
    dict of the per-recipient fields (Final-Recipient given as a bare address). `returned`: the original's
    headers (see `original`), returned as text/rfc822-headers, or as a whole message/rfc822."""
    report = MIMEMultipart("report", report_type="delivery-status")
    report["From"] = "MAILER-DAEMON@relay.example.test (Mail Delivery System)"
    report["To"] = "csu@example.test"
    report["Subject"] = "Undelivered Mail Returned to Sender"
    report["Auto-Submitted"] = "auto-replied"
    report["Date"] = formatdate()
    report["Message-ID"] = make_msgid(domain="relay.example.test")
    report.attach(
        MIMEText(
            "This is the mail system at host relay.example.test.\n\nI'm sorry to have to inform you that your "
            "message could not\nbe delivered to one or more recipients. It's attached below.\n" + explanation
        )
    )
    fields = Message()
    fields["Reporting-MTA"] = "dns; relay.example.test"
    fields["X-Postfix-Queue-ID"] = "4Q2b7x0Yz1"
    fields["Arrival-Date"] = formatdate()
    blocks = [fields]
    for recipient in recipients:
        block = Message()
        block["Final-Recipient"] = f"rfc822; {recipient['final']}"
        if "original" in recipient:
            block["Original-Recipient"] = f"rfc822;{recipient['original']}"
        block["Action"] = recipient.get("action", "failed")
        block["Status"] = recipient.get("status", "5.1.1")
        block["Remote-MTA"] = "dns; mx.example.test"
        block["Diagnostic-Code"] = recipient.get("diagnostic", UNKNOWN_USER.format(recipient["final"]))
        blocks.append(block)
    if global_report:  # RFC 6533: the same fields, as text
        status = MIMEBase("message", "global-delivery-status")
        status.set_payload("\n".join(b.as_string() for b in blocks))
    else:
        status = MIMEBase("message", "delivery-status")
        for block in blocks:
            status.attach(block)
    del status["MIME-Version"]
    report.attach(status)
    returned = returned or b"From: csu@example.test\nSubject: Police Week\n"
    if whole_message:
        report.attach(MIMEMessage(email.message_from_bytes(returned + b"\nCome and meet us.\n")))
    else:
        headers = MIMEBase("text", "rfc822-headers")
        del headers["MIME-Version"]
        headers.set_payload(returned.decode())
        report.attach(headers)
    return report.as_bytes()


def headers_of(reminder: Reminder, message_id: str | None = None) -> bytes:
    """The headers of the message the outbox sent for `reminder`, as a relay returns them with its report."""
    message_id = message_id or reminder_message_id(reminder)
    return (
        f"From: csu@example.test\nTo: {reminder.email}\nSubject: {reminder.subject}\nMessage-ID: {message_id}\n"
    ).encode()


def auto_reply() -> bytes:
    reply = MIMEText("I am away until Monday. For anything urgent, Final-Recipient: rfc822; ana@example.test.\n")
    reply["From"] = "ana@example.test"
    reply["To"] = "csu@example.test"
    reply["Subject"] = "Automatic reply: Police Week"
    reply["Auto-Submitted"] = "auto-replied"
    return reply.as_bytes()


@pytest.fixture
def events():
    return Topic.objects.create(name_en="Events", name_fr="Événements")


@pytest.fixture
def subscribe(coordinator, events):
    def add(address: str) -> Subscriber:
        return services.subscriber_add_from_sheet(
            email=address, language="en", topics=[events], source="Fair", wording="signed sheet",
            consent_at=timezone.now(), by=coordinator,
        )  # fmt: skip

    return add


@pytest.fixture
def original(coordinator, events):
    """original(address): the returned headers of the last mailing-list message we sent to `address` (a bulletin
    to the list is queued first when it has none), which prove that a report is about a message of ours."""

    def returned(address: str) -> bytes:
        sent = Reminder.objects.filter(email=address, kind__in=["bulletin", "list_confirm"]).order_by("-pk").first()
        if sent is None:
            _bulletin(coordinator, events, "Police Week")
            sent = Reminder.objects.get(email=address, kind="bulletin")
        return headers_of(sent)

    return returned


def _bulletin(coordinator, events, subject: str) -> Bulletin:
    bulletin = Bulletin.objects.create(
        subject_en=subject, subject_fr=subject, body_en="b", body_fr="b", created_by=coordinator
    )
    bulletin.topics.set([events])
    services.bulletin_send(bulletin=bulletin, by=coordinator)
    return bulletin


@pytest.fixture
def read_stdin(monkeypatch):
    """`manage.py read_bounces --stdin` as an MTA's pipe transport runs it: the message's bytes on standard input."""

    def run(raw: bytes) -> str:
        monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(raw)))
        out = io.StringIO()
        call_command("read_bounces", "--stdin", stdout=out)
        return out.getvalue()

    return run


def test_a_hard_bounce_by_email_marks_the_address_and_the_next_bulletin_is_not_sent_to_it(
    smtp, coordinator, events, subscribe, read_stdin
):
    subscribe("ana@example.test")
    subscribe("stays@example.test")
    _bulletin(coordinator, events, "Police Week")
    _send()
    (sent,) = smtp.to("ana@example.test")  # the relay accepted it: the bounce comes later, by e-mail
    returned = "".join(f"{name}: {value}\n" for name, value in sent.items()).encode()

    output = read_stdin(dsn({"final": "ana@example.test", "original": "ana@example.test"}, returned=returned))

    assert "Hard bounces: 1 (addresses newly marked refused: 1)" in output
    gone = Subscriber.objects.get(email="ana@example.test")
    assert gone.status == Subscriber.Status.BOUNCED and gone.bounced_at is not None
    assert (
        gone.bounce_error.startswith("5.1.1 smtp; 550 5.1.1") and "User unknown in virtual mailbox" in gone.bounce_error
    )
    assert Subscriber.objects.get(email="stays@example.test").status == Subscriber.Status.CONFIRMED

    smtp.messages.clear()
    _bulletin(coordinator, events, "Crime Prevention Week")
    _send()
    assert [r for rcpts, _m in smtp.messages for r in rcpts] == ["stays@example.test"]


def test_reading_the_same_report_again_changes_nothing(subscribe, original, read_stdin):
    subscribe("ana@example.test")
    report = dsn({"final": "ana@example.test"}, returned=original("ana@example.test"))
    first = bounce_report_read(raw=report)
    gone = Subscriber.objects.get(email="ana@example.test")
    bounced_at, history = gone.bounced_at, gone.history.count()

    assert "newly marked refused: 0" in read_stdin(report)
    again = bounce_report_read(raw=report)

    assert (first.hard, first.marked) == (1, 1) and (again.hard, again.marked) == (1, 0)
    gone.refresh_from_db()
    assert gone.bounced_at == bounced_at and gone.history.count() == history


def test_a_bulletin_queued_for_an_address_that_bounces_is_cancelled(coordinator, events, subscribe, original):
    subscribe("ana@example.test")
    first = _bulletin(coordinator, events, "Police Week")
    _send()
    _bulletin(coordinator, events, "Crime Prevention Week")  # queued, not yet sent, when the bounce comes back
    bounce_report_read(raw=dsn({"final": "ana@example.test"}, returned=original("ana@example.test")))
    queued = Reminder.objects.exclude(key__startswith=f"bulletin:{first.pk}:").get(kind="bulletin")
    assert queued.cancelled_at is not None and queued.sent_at is None


def test_addresses_match_whatever_their_case_and_the_original_recipient_comes_first(subscribe, original):
    subscribe("ana@example.test")
    subscribe("bob@example.test")
    count = bounce_report_read(raw=dsn({"final": "Ana@EXAMPLE.test"}, returned=original("ana@example.test")))
    count += bounce_report_read(
        raw=dsn(
            {"final": "robert@elsewhere.example", "original": "BOB@example.test"},  # forwarded, then refused
            returned=original("bob@example.test"),
        )
    )
    assert (count.hard, count.marked, count.unverified) == (2, 2, 0)
    assert set(Subscriber.objects.values_list("status", flat=True)) == {Subscriber.Status.BOUNCED}


@pytest.mark.parametrize(
    "fields",
    [
        {"status": "4.2.2", "diagnostic": "smtp; 452 4.2.2 <ana@example.test>: Mailbox full"},
        {"action": "delayed", "status": "4.4.7", "diagnostic": "X-Postfix; delivery temporarily suspended"},
        {"action": "delivered", "status": "2.0.0", "diagnostic": "smtp; 250 2.0.0 Ok: queued"},
        {"action": "relayed", "status": "2.0.0", "diagnostic": "smtp; 250 relayed to a non-DSN aware mailer"},
        {"action": "delayed", "status": "5.1.1"},  # not failed: only a failure counts
        {"status": "garbled"},
    ],
)
def test_soft_bounces_delays_and_success_notices_change_nothing(subscribe, original, fields):
    subscriber = subscribe("ana@example.test")
    count = bounce_report_read(raw=dsn({"final": "ana@example.test", **fields}, returned=original("ana@example.test")))
    assert (count.hard, count.marked, count.unverified, count.ignored, count.not_reports) == (0, 0, 0, 1, 0)
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED and subscriber.bounced_at is None
    assert subscriber.bounce_error == ""


def test_one_report_for_several_recipients_counts_each(subscribe, original):
    subscribe("ana@example.test")
    subscribe("full@example.test")
    subscribe("bob@example.test")
    count = bounce_report_read(
        raw=dsn(
            {"final": "ana@example.test"},
            {"final": "full@example.test", "status": "4.2.2"},
            {"final": "bob@example.test"},  # the returned message was not sent to bob: nothing proves his bounce
            returned=original("ana@example.test"),
        )
    )
    assert (count.hard, count.marked, count.unverified, count.ignored) == (1, 1, 1, 1)
    assert dict(Subscriber.objects.values_list("email", "status")) == {
        "ana@example.test": Subscriber.Status.BOUNCED,
        "bob@example.test": Subscriber.Status.CONFIRMED,
        "full@example.test": Subscriber.Status.CONFIRMED,
    }


def test_a_bounce_for_an_address_not_on_the_list_changes_nothing(subscribe, original):
    subscribe("ana@example.test")
    left = subscribe("left@example.test")
    left_headers = original("left@example.test")  # a bulletin reached left@ before the person left
    services.subscriber_unsubscribe(subscriber=left)

    count = bounce_report_read(raw=dsn({"final": "left@example.test"}, returned=left_headers))
    count += bounce_report_read(raw=dsn({"final": "stranger@example.test"}, returned=left_headers))

    assert (count.hard, count.marked, count.unverified) == (1, 0, 1)
    assert not Subscriber.objects.filter(email="stranger@example.test").exists()
    assert dict(Subscriber.objects.values_list("email", "status")) == {
        "ana@example.test": Subscriber.Status.CONFIRMED,
        "left@example.test": Subscriber.Status.UNSUBSCRIBED,  # left the list; stays so, not "refused"
    }
    assert Subscriber.objects.get(email="left@example.test").bounced_at is None


def test_messages_that_are_not_reports_are_counted_and_left(subscribe, read_stdin):
    subscribe("ana@example.test")
    forwarded = MIMEMultipart()
    forwarded["Subject"] = "Fwd: Undelivered Mail Returned to Sender"
    forwarded.attach(MIMEText("Is this ours?"))
    forwarded.attach(MIMEMessage(email.message_from_bytes(dsn({"final": "ana@example.test"}))))

    for raw in (auto_reply(), forwarded.as_bytes()):
        count = bounce_report_read(raw=raw)
        assert (count.hard, count.ignored, count.not_reports) == (0, 0, 1)
    assert Subscriber.objects.get(email="ana@example.test").status == Subscriber.Status.CONFIRMED
    assert "Not delivery reports: 1." in read_stdin(auto_reply())


def _garbage() -> list[bytes]:
    rng = random.Random(3464)
    report = dsn({"final": "ana@example.test"})
    return (
        [
            # Message-IDs of our shape that name no row, or a row number too big for the database, or are not text
            dsn(
                {"final": "ana@example.test"},
                returned=b"Message-ID: <reminder-999999999999999999." + b"0" * 32 + b"@csu.invalid>\n",
            ),
            dsn(
                {"final": "ana@example.test"}, returned=b"Message-ID: <reminder-99999999999999999999999.00@csu.invalid>"
            ),
            dsn({"final": "ana@example.test"}, returned=b"Message-ID: <reminder-1.XX@csu.invalid>\n").replace(
                b"XX", b"\xff\x00"
            ),
            dsn({"final": "ana@example.test"}, returned=b"Message-ID: XX\n", whole_message=True).replace(
                b"XX", b"\xff" * 300
            ),
            b"",
            b"\x00\xff\xfe" * 50,
            bytes(rng.getrandbits(8) for _ in range(4000)),
            report[: len(report) // 2],  # cut off in the middle of the status part
            report.replace(b"Final-Recipient: rfc822; ana@example.test", b"Final-Recipient: \xff\xfe;;<<@>>"),
            report.replace(b"boundary=", b"boundary=\x00"),
            b"Content-Type: multipart/report; report-type=delivery-status; boundary=x\n\n--x\n"
            b"Content-Type: message/delivery-status\n\n\n\n\n--x--\n",
            b"Content-Type: message/delivery-status\nContent-Transfer-Encoding: base64\n\n!!!not base64!!!\n",
            b"Content-Type: =?utf-8?b?\xff?=\nMIME-Version: 1.0\n\n" + bytes(rng.getrandbits(8) for _ in range(500)),
        ]
        + [report[: rng.randrange(len(report))] + bytes(rng.getrandbits(8) for _ in range(200)) for _ in range(30)]
    )


def test_malformed_bytes_never_crash(subscribe, read_stdin):
    subscribe("ana@example.test")
    for raw in _garbage():
        report_recipients(raw)
        count = bounce_report_read(raw=raw)
        assert count.hard + count.unverified + count.ignored + count.not_reports >= 1  # counted, whatever it was
    assert "Not delivery reports: 1." in read_stdin(bytes(range(256)) * 8)
    assert list(Subscriber.objects.values_list("email", "status")) == [("ana@example.test", "confirmed")]


def test_a_global_delivery_status_report_is_read(subscribe, original):
    subscribe("ana@example.test")
    count = bounce_report_read(
        raw=dsn({"final": "ana@example.test"}, returned=original("ana@example.test"), global_report=True)
    )
    assert (count.hard, count.marked) == (1, 1)


def test_the_maildir_is_read_and_every_message_moved_to_cur(tmp_path, settings, subscribe, original):
    subscribe("ana@example.test")
    subscribe("full@example.test")
    subscribe("bob@example.test")
    path = tmp_path / "bounces"
    box = mailbox.Maildir(path, create=True)
    hard = box.add(dsn({"final": "ana@example.test"}, returned=original("ana@example.test")))
    soft = box.add(dsn({"final": "full@example.test", "status": "4.2.2"}, returned=original("full@example.test")))
    forged = box.add(dsn({"final": "bob@example.test"}))  # names a subscriber, returns no message of ours
    reply = box.add(auto_reply())
    garbage = box.add(bytes(range(256)) * 4)
    settings.BOUNCE_MAILDIR = str(path)

    out = io.StringIO()
    call_command("read_bounces", stdout=out)

    assert out.getvalue().strip() == (
        "Hard bounces: 1 (addresses newly marked refused: 1). Hard bounces without proof that we sent the message, "
        "left unread for a person: 1. Ignored (temporary, delayed or delivered): 1. Not delivery reports: 2."
    )
    assert list((path / "new").iterdir()) == []
    names = {p.name.split(":")[0]: p.name.split(":")[1] for p in (path / "cur").iterdir()}
    # Reports are flagged seen; what a person should read (an unproven bounce, an auto-reply, garbage) stays unread.
    assert names == {hard: "2,S", soft: "2,S", forged: "2,", reply: "2,", garbage: "2,"}
    assert dict(Subscriber.objects.values_list("email", "status")) == {
        "ana@example.test": Subscriber.Status.BOUNCED,
        "bob@example.test": Subscriber.Status.CONFIRMED,
        "full@example.test": Subscriber.Status.CONFIRMED,
    }

    out = io.StringIO()
    call_command("read_bounces", stdout=out)  # read again: nothing new
    assert "Hard bounces: 0 (addresses newly marked refused: 0)" in out.getvalue()
    assert len(list((path / "cur").iterdir())) == 5


def test_the_beat_task_reads_the_maildir_only_when_it_is_set(tmp_path, settings, subscribe, original, caplog):
    subscribe("ana@example.test")
    path = tmp_path / "bounces"
    mailbox.Maildir(path, create=True).add(dsn({"final": "ana@example.test"}, returned=original("ana@example.test")))

    settings.BOUNCE_MAILDIR = ""
    assert read_bounces() == 0
    assert len(list((path / "new").iterdir())) == 1

    settings.BOUNCE_MAILDIR = str(tmp_path / "missing")
    with caplog.at_level(logging.ERROR):
        assert read_bounces() == 0
    assert "is not a Maildir" in caplog.text

    settings.BOUNCE_MAILDIR = str(path)
    assert read_bounces() == 1
    assert list((path / "new").iterdir()) == []
    assert Subscriber.objects.get(email="ana@example.test").status == Subscriber.Status.BOUNCED


def test_the_command_says_what_is_missing(settings, tmp_path):
    settings.BOUNCE_MAILDIR = ""
    with pytest.raises(CommandError, match="BOUNCE_MAILDIR is not set"):
        call_command("read_bounces")
    settings.BOUNCE_MAILDIR = str(tmp_path / "missing")
    with pytest.raises(CommandError, match="is not a Maildir"):
        call_command("read_bounces")


def test_the_subscriber_csv_says_when_and_what_the_mail_server_answered(coordinator_client, subscribe, original):
    subscribe("ana@example.test")
    bounce_report_read(raw=dsn({"final": "ana@example.test"}, returned=original("ana@example.test")))
    response = coordinator_client.get("/engagement/subscribers/?format=csv")
    csv = b"".join(response.streaming_content).decode("utf-8-sig")
    header, row = csv.splitlines()[:2]
    assert "Refused by the mail server at" in header and "Mail server's answer" in header
    assert "Address refused by the mail server" in row and "5.1.1 smtp; 550 5.1.1" in row


def _forged_message_ids(coordinator, events, subscribe) -> dict[str, str]:
    """Message-IDs a forger could put in the returned headers of a report claiming that ana's address failed."""
    subscribe("ana@example.test")
    subscribe("mallory@example.test")
    _bulletin(coordinator, events, "Police Week")
    to_ana = Reminder.objects.get(email="ana@example.test", kind="bulletin")
    to_mallory = Reminder.objects.get(email="mallory@example.test", kind="bulletin")
    officer_reminder = Reminder.objects.create(
        key="drill:due:1", kind="drill_due", email="ana@example.test", subject="Drill due", body="b",
        send_after=timezone.now(),
    )  # fmt: skip
    old_digest = hashlib.sha256(to_ana.key.encode()).hexdigest()[:16]  # the former, predictable Message-ID
    return {
        "the former sha256 of the key": f"<reminder-{to_ana.pk}.{old_digest}@csu.invalid>",
        "our shape, a made-up digest": f"<reminder-{to_ana.pk}.{'0' * 32}@csu.invalid>",
        "the forger's own bulletin": reminder_message_id(to_mallory),
        "a reminder that is not mailing-list mail": reminder_message_id(officer_reminder),
    }


@pytest.mark.parametrize(
    "forgery",
    [
        "no Message-ID",
        "the former sha256 of the key",
        "our shape, a made-up digest",
        "the forger's own bulletin",
        "a reminder that is not mailing-list mail",
    ],
)
def test_a_report_not_proven_to_be_about_our_message_to_the_address_marks_nothing(
    coordinator, events, subscribe, forgery
):
    message_ids = _forged_message_ids(coordinator, events, subscribe)
    to_ana = Reminder.objects.get(email="ana@example.test", kind="bulletin")
    returned = (
        b"From: csu@example.test\nTo: ana@example.test\nSubject: Police Week\n"
        if forgery == "no Message-ID"
        else headers_of(to_ana, message_ids[forgery])
    )

    count = bounce_report_read(raw=dsn({"final": "ana@example.test"}, returned=returned))

    assert (count.hard, count.marked, count.unverified) == (0, 0, 1)
    ana = Subscriber.objects.get(email="ana@example.test")
    assert ana.status == Subscriber.Status.CONFIRMED and ana.bounced_at is None
    assert to_ana.cancelled_at is None and Reminder.objects.get(pk=to_ana.pk).cancelled_at is None


def test_our_message_id_elsewhere_than_in_the_returned_original_proves_nothing(subscribe, original):
    subscribe("ana@example.test")
    proof = original("ana@example.test")
    message_id = proof.decode().split("Message-ID: ")[1].strip()
    in_the_text = dsn({"final": "ana@example.test"}, explanation=f"Your message {message_id} was refused.\n")
    forwarded = MIMEMultipart()
    forwarded.attach(MIMEText("Bounce, forwarded"))
    forwarded.attach(MIMEMessage(email.message_from_bytes(dsn({"final": "ana@example.test"}, returned=proof))))
    in_references = dsn({"final": "ana@example.test"}, returned=proof.replace(b"Message-ID:", b"References:"))

    assert bounce_report_read(raw=in_the_text).unverified == 1
    assert bounce_report_read(raw=forwarded.as_bytes()).not_reports == 1
    assert bounce_report_read(raw=in_references).unverified == 1
    assert Subscriber.objects.get(email="ana@example.test").status == Subscriber.Status.CONFIRMED


def test_the_whole_original_returned_as_message_rfc822_is_proof_too(subscribe, original):
    subscribe("ana@example.test")
    report = dsn({"final": "ana@example.test"}, returned=original("ana@example.test"), whole_message=True)
    assert b"Content-Type: message/rfc822" in report
    count = bounce_report_read(raw=report)
    assert (count.hard, count.marked, count.unverified) == (1, 1, 0)


def test_a_bounced_confirmation_e_mail_marks_the_pending_address(django_capture_on_commit_callbacks, original):
    topic = Topic.objects.create(name_en="Youth", name_fr="Jeunesse")
    with django_capture_on_commit_callbacks(execute=True):
        _sign_up(Client(), "typo@example.test", topic)
    assert Reminder.objects.get(email="typo@example.test").kind == "list_confirm"

    count = bounce_report_read(raw=dsn({"final": "typo@example.test"}, returned=original("typo@example.test")))

    assert (count.hard, count.marked) == (1, 1)
    assert Subscriber.objects.get(email="typo@example.test").status == Subscriber.Status.BOUNCED


def test_message_ids_made_before_a_secret_key_rotation_still_prove_a_report(settings, subscribe, original):
    subscribe("ana@example.test")
    report = dsn({"final": "ana@example.test"}, returned=original("ana@example.test"))
    old_key = settings.SECRET_KEY

    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = "a-new-secret-key-" + "x" * 40, []
    assert bounce_report_read(raw=report).unverified == 1  # made under a key we no longer know

    settings.SECRET_KEY_FALLBACKS = [old_key]
    assert bounce_report_read(raw=report).marked == 1


def test_the_message_id_cannot_be_worked_out_from_the_reminder(settings, subscribe, original):
    subscribe("ana@example.test")
    original("ana@example.test")
    reminder = Reminder.objects.get(kind="bulletin")
    message_id = reminder_message_id(reminder)
    assert re.fullmatch(rf"<reminder-{reminder.pk}\.[0-9a-f]{{32}}@csu\.invalid>", message_id)
    assert hashlib.sha256(reminder.key.encode()).hexdigest()[:16] not in message_id
    settings.SECRET_KEY = "another-secret-key-" + "y" * 40
    assert reminder_message_id(reminder) != message_id
