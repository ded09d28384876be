"""A real SMTP server on loopback (aiosmtpd), started by the tests that send mail through it."""

import email

import pytest
from aiosmtpd.controller import Controller
from django.test import override_settings

from tests.conftest import _free_port


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, email.message_from_bytes(envelope.content)))
        return "250 OK"

    def to(self, address):
        return [m for rcpts, m in self.messages if address in rcpts]


@pytest.fixture
def smtp():
    """The mail the project sends, received by a server of the test's own; yields its Inbox."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    with override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=controller.port,
        EMAIL_USE_TLS=False,
        EMAIL_HOST_USER="",
        EMAIL_HOST_PASSWORD="",
        PUBLIC_BASE_URL="http://testserver",
    ):
        yield inbox
    controller.stop()
