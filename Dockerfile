FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
# WeasyPrint needs Pango; fonts for the PDF report are embedded from these packages.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core postgresql-client \
    libldap-2.5-0 libsasl2-2 \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml ./
RUN pip install "setuptools<81" wheel \
 && pip install --no-build-isolation "xstatic-bootstrap>=5.3.3,<5.4"
# What production runs, and nothing else: the benchmark generator (bench/) and harness (scripts/bench*), the
# tests and the docs stay out of the image.
COPY manage.py ./
COPY csu csu
COPY accounts accounts
COPY schools schools
COPY committees committees
COPY drills drills
COPY programs programs
COPY events events
COPY reports reports
COPY templates templates
COPY static static
COPY locale locale
COPY scripts/healthcheck.py scripts/check_services.py scripts/
# collectstatic with DEBUG off: it must write the manifest (staticfiles.json) that production pages need.
# python-ldap (directory sign-in) ships only as source: build it, then drop the compilers.
RUN apt-get update && apt-get install -y --no-install-recommends gcc libldap2-dev libsasl2-dev \
 && pip install ".[ldap]" \
 && apt-get purge -y gcc libldap2-dev libsasl2-dev && apt-get autoremove -y && rm -rf /var/lib/apt/lists/* \
 && DEBUG=0 SECRET_KEY=collectstatic-only ENV_FILE= python manage.py collectstatic --noinput \
 && useradd --system --uid 1000 csu && mkdir -p /app/var/media && chown -R csu /app/var
USER csu
EXPOSE 8000
CMD ["gunicorn", "-c", "deploy/gunicorn.conf.py", "csu.wsgi:application"]
