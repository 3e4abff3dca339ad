"""Settings for the test suite: the production settings with plain HTTP and a fast hasher."""

import os

os.environ.setdefault("HTTPS", "false")

from thidua.settings import *  # noqa: F403
from thidua.settings import PASSWORD_HASHERS

# A fast hasher keeps the suite quick; tests check that production uses Argon2.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]

# Static files are read from the source folders; `make test` also runs collectstatic,
# which checks the manifest storage used in production.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
