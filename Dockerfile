FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
# WeasyPrint needs Pango; fonts for the PDF report are embedded from these packages.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core postgresql-client \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml ./
RUN pip install "setuptools<81" wheel \
 && pip install --no-build-isolation "xstatic-bootstrap>=5.3.3,<5.4"
COPY . .
# collectstatic with DEBUG off: it must write the manifest (staticfiles.json) that production pages need.
RUN pip install . \
 && DEBUG=0 SECRET_KEY=collectstatic-only ENV_FILE= python manage.py collectstatic --noinput \
 && useradd --system --uid 1000 csu && mkdir -p /app/var/media && chown -R csu /app/var
USER csu
EXPOSE 8000
CMD ["gunicorn", "-c", "deploy/gunicorn.conf.py", "csu.wsgi:application"]
