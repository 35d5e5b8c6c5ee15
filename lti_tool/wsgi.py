"""WSGI entry point for production servers: ``gunicorn -c gunicorn.conf.py lti_tool.wsgi:app``.

Web workers serve pages only, so they leave out the migration tooling (``flask db`` runs with
``FLASK_APP=lti_tool``, which has it)."""

from lti_tool import create_app
from lti_tool.config import Config

app = create_app(Config(MIGRATIONS_ENABLED=False))
