"""Settings for the test suite: the real databases, tuned for speed."""

from kartlagg.config.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
DEBUG = False
KARTLAGG_JOBS_SYNC = True  # background jobs run inside the request, so tests see them finished
KARTLAGG_DASHBOARD_CACHE_SECONDS = 0  # every test sees its own data on the dashboard
