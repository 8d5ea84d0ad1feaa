"""WSGI entry point: `gunicorn -w 2 -b 127.0.0.1:5000 wsgi:app`."""

from archivo import create_app

app = create_app()
