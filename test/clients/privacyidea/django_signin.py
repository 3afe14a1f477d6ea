"""Signs in to a Django application whose only authentication backend is django-privacyidea-auth
(the PyPI package, unchanged) pointed at a Pingate validate endpoint.

Usage: django_signin.py <url> <username> <password> [<password> ...]
Prints one JSON object per password: whether Django authenticated the user, and the Django
user's names and email after the backend updated them from the answer.
"""
import json
import sys

import django
from django.conf import settings

url, username, passwords = sys.argv[1], sys.argv[2], sys.argv[3:]
settings.configure(
    DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}},
    INSTALLED_APPS=["django.contrib.auth", "django.contrib.contenttypes"],
    PRIVACYIDEA={"url": url, "timeout": 10, "create_user": True, "update_attributes": url.endswith("/samlcheck")},
    USE_TZ=True,
)
django.setup()

from django.core.management import call_command  # noqa: E402
from django_privacyidea_auth.privacyidea_auth import PrivacyIDEA  # noqa: E402

call_command("migrate", verbosity=0)
for password in passwords:
    # The backend's authenticate(username, password) predates the request argument Django 2.1 made
    # django.contrib.auth.authenticate() pass, so it is called as Django 1.x called it.
    user = PrivacyIDEA().authenticate(username=username, password=password)
    print(json.dumps({
        "authenticated": user is not None,
        "username": getattr(user, "username", None),
        "email": getattr(user, "email", None),
        "first_name": getattr(user, "first_name", None),
    }))
