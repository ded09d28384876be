"""Bounces that come back later as delivery reports (RFC 3464), built here as a relay such as Postfix writes them."""

import email
import io
import logging
import mailbox
import random
from email.message import Message
from email.mime.base import MIMEBase
from email.mime.message import MIMEMessage
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import formatdate, make_msgid

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from csu.models import Reminder
from engagement import services
from engagement.bounces import bounce_report_read, report_recipients
from engagement.models import Bulletin, Subscriber, Topic
from engagement.tasks import read_bounces
from tests.engagement.test_mailing_list import _send

pytestmark = pytest.mark.django_db

UNKNOWN_USER = "smtp; 550 5.1.1 <{0}>: Recipient address rejected: User unknown in virtual mailbox table"


def dsn(*recipients: dict, returned: bytes = b"", global_report: bool = False) -> bytes:
    """A multipart/report; report-type=delivery-status, as Postfix's bounce daemon sends it. Each recipient is a
    dict of the per-recipient fields (Final-Recipient given as a bare address)."""
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
            "message could not\nbe delivered to one or more recipients. It's attached below.\n"
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
    headers = MIMEBase("text", "rfc822-headers")
    del headers["MIME-Version"]
    headers.set_payload(returned.decode() or "From: csu@example.test\nSubject: Police Week\n")
    report.attach(headers)
    return report.as_bytes()


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


def test_reading_the_same_report_again_changes_nothing(subscribe, read_stdin):
    subscribe("ana@example.test")
    report = dsn({"final": "ana@example.test"})
    first = bounce_report_read(raw=report)
    gone = Subscriber.objects.get(email="ana@example.test")
    bounced_at, history = gone.bounced_at, gone.history.count()

    assert "newly marked refused: 0" in read_stdin(report)
    again = bounce_report_read(raw=report)

    assert (first.hard, first.marked) == (1, 1) and (again.hard, again.marked) == (1, 0)
    gone.refresh_from_db()
    assert gone.bounced_at == bounced_at and gone.history.count() == history


def test_a_bulletin_queued_for_an_address_that_bounces_is_cancelled(coordinator, events, subscribe):
    subscribe("ana@example.test")
    _bulletin(coordinator, events, "Police Week")  # queued, not yet sent
    bounce_report_read(raw=dsn({"final": "ana@example.test"}))
    assert Reminder.objects.get(kind="bulletin").cancelled_at is not None


def test_addresses_match_whatever_their_case_and_the_original_recipient_comes_first(subscribe):
    subscribe("ana@example.test")
    subscribe("bob@example.test")
    count = bounce_report_read(
        raw=dsn(
            {"final": "Ana@EXAMPLE.test"},
            {"final": "robert@elsewhere.example", "original": "BOB@example.test"},  # forwarded, then refused
        )
    )
    assert (count.hard, count.marked) == (2, 2)
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
def test_soft_bounces_delays_and_success_notices_change_nothing(subscribe, fields):
    subscriber = subscribe("ana@example.test")
    count = bounce_report_read(raw=dsn({"final": "ana@example.test", **fields}))
    assert (count.hard, count.marked, count.ignored, count.not_reports) == (0, 0, 1, 0)
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED and subscriber.bounced_at is None
    assert subscriber.bounce_error == ""


def test_one_report_for_several_recipients_counts_each(subscribe):
    subscribe("ana@example.test")
    subscribe("full@example.test")
    count = bounce_report_read(
        raw=dsn({"final": "ana@example.test"}, {"final": "full@example.test", "status": "4.2.2"})
    )
    assert (count.hard, count.marked, count.ignored) == (1, 1, 1)
    assert Subscriber.objects.get(email="full@example.test").status == Subscriber.Status.CONFIRMED


def test_a_bounce_for_an_address_not_on_the_list_changes_nothing(subscribe):
    subscribe("ana@example.test")
    left = subscribe("left@example.test")
    services.subscriber_unsubscribe(subscriber=left)

    count = bounce_report_read(raw=dsn({"final": "stranger@example.test"}, {"final": "left@example.test"}))

    assert (count.hard, count.marked) == (2, 0)
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
        assert count.hard + count.ignored + count.not_reports >= 1  # counted somewhere, whatever it was
    assert "Not delivery reports: 1." in read_stdin(bytes(range(256)) * 8)
    assert list(Subscriber.objects.values_list("email", flat=True)) == ["ana@example.test"]


def test_a_global_delivery_status_report_is_read(subscribe):
    subscribe("ana@example.test")
    count = bounce_report_read(raw=dsn({"final": "ana@example.test"}, global_report=True))
    assert (count.hard, count.marked) == (1, 1)


def test_the_maildir_is_read_and_every_message_moved_to_cur(tmp_path, settings, subscribe):
    subscribe("ana@example.test")
    subscribe("full@example.test")
    path = tmp_path / "bounces"
    box = mailbox.Maildir(path, create=True)
    hard = box.add(dsn({"final": "ana@example.test"}))
    soft = box.add(dsn({"final": "full@example.test", "status": "4.2.2"}))
    reply = box.add(auto_reply())
    garbage = box.add(bytes(range(256)) * 4)
    settings.BOUNCE_MAILDIR = str(path)

    out = io.StringIO()
    call_command("read_bounces", stdout=out)

    assert out.getvalue().strip() == (
        "Hard bounces: 1 (addresses newly marked refused: 1). Ignored (temporary, delayed or delivered): 1. "
        "Not delivery reports: 2."
    )
    assert list((path / "new").iterdir()) == []
    names = {p.name.split(":")[0]: p.name.split(":")[1] for p in (path / "cur").iterdir()}
    # Reports are flagged seen; what a person should read (an auto-reply, a reply, garbage) stays unread.
    assert names == {hard: "2,S", soft: "2,S", reply: "2,", garbage: "2,"}
    assert Subscriber.objects.get(email="ana@example.test").status == Subscriber.Status.BOUNCED
    assert Subscriber.objects.get(email="full@example.test").status == Subscriber.Status.CONFIRMED

    out = io.StringIO()
    call_command("read_bounces", stdout=out)  # read again: nothing new
    assert "Hard bounces: 0 (addresses newly marked refused: 0)" in out.getvalue()
    assert len(list((path / "cur").iterdir())) == 4


def test_the_beat_task_reads_the_maildir_only_when_it_is_set(tmp_path, settings, subscribe, caplog):
    subscribe("ana@example.test")
    path = tmp_path / "bounces"
    mailbox.Maildir(path, create=True).add(dsn({"final": "ana@example.test"}))

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


def test_the_subscriber_csv_says_when_and_what_the_mail_server_answered(coordinator_client, subscribe):
    subscribe("ana@example.test")
    bounce_report_read(raw=dsn({"final": "ana@example.test"}))
    response = coordinator_client.get("/engagement/subscribers/?format=csv")
    csv = b"".join(response.streaming_content).decode("utf-8-sig")
    header, row = csv.splitlines()[:2]
    assert "Refused by the mail server at" in header and "Mail server's answer" in header
    assert "Address refused by the mail server" in row and "5.1.1 smtp; 550 5.1.1" in row
