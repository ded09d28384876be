"""Issue 15, medium: an oversized request body is refused from its headers, before anything reads it."""

import pytest
from django.test import Client

LOGIN = "/accounts/login/"


class TrackedInput:
    """A wsgi.input that records whether anything read from it."""

    def __init__(self, data: bytes = b""):
        self.data = data
        self.read_calls = 0

    def read(self, size=-1):
        self.read_calls += 1
        chunk, self.data = (self.data, b"") if size is None or size < 0 else (self.data[:size], self.data[size:])
        return chunk

    def readline(self, size=-1):
        return self.read(size)


@pytest.mark.django_db
def test_a_300_mb_post_is_refused_unread(client):
    body = TrackedInput(b"username=x&password=y")
    response = client.generic(
        "POST",
        LOGIN,
        content_type="application/x-www-form-urlencoded",
        CONTENT_LENGTH=str(300 * 1024 * 1024),
        **{"wsgi.input": body},
    )
    assert response.status_code == 413
    assert "larger than 12 MB" in response.content.decode()
    assert body.read_calls == 0


@pytest.mark.django_db
def test_a_real_body_over_the_limit_is_refused(client, settings):
    settings.MAX_REQUEST_BODY = 1024 * 1024
    response = client.post(LOGIN, {"username": "x", "password": "y" * (1024 * 1024 + 10)})
    assert response.status_code == 413


@pytest.mark.django_db
def test_a_chunked_body_without_length_is_refused_unread(client):
    body = TrackedInput(b"username=x&password=y")
    response = client.generic(
        "POST",
        LOGIN,
        content_type="application/x-www-form-urlencoded",
        CONTENT_LENGTH="",
        HTTP_TRANSFER_ENCODING="chunked",
        **{"wsgi.input": body},
    )
    assert response.status_code == 411 and body.read_calls == 0


@pytest.mark.django_db
def test_a_bad_content_length_is_a_400(client):
    response = client.generic("POST", LOGIN, b"", CONTENT_LENGTH="12abc")
    assert response.status_code == 400


@pytest.mark.django_db
def test_ordinary_posts_and_uploads_below_the_limit_pass():
    client = Client()
    # A 9 MB multipart body (an attachment-sized upload) reaches the view: the sign-in form answers, not 413.
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"0" * (9 * 1024 * 1024))
    response = client.post(LOGIN, {"username": "nobody", "password": "wrong", "file": upload})
    assert response.status_code == 200
    assert client.get(LOGIN).status_code == 200
