"""Django settings for kartlagg. Everything configurable comes from kartlagg.config.env."""

from __future__ import annotations

import dj_database_url
from django.utils.translation import gettext_lazy as _

from kartlagg.config.env import PACKAGE_ROOT, env_bool, env_int, env_list, env_str, var_dir

VAR_DIR = var_dir()

DEBUG = env_bool("KARTLAGG_DEBUG", False)
# A development key is acceptable only because the default deployment is a single local user;
# production sets KARTLAGG_SECRET_KEY (system check kartlagg.E001 warns otherwise).
SECRET_KEY = env_str("KARTLAGG_SECRET_KEY", "kartlagg-insecure-development-key-change-me")
ALLOWED_HOSTS = env_list("KARTLAGG_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "kartlagg.core",
    "kartlagg.organisations",
    "kartlagg.taxonomy",
    "kartlagg.catalogue",
    "kartlagg.surveys",
    "kartlagg.interviews",
    "kartlagg.gaps",
    "kartlagg.reports",
    "kartlagg.coordination",
    "kartlagg.jobads",
    "kartlagg.api",
    "kartlagg.dashboard",
    "kartlagg.jobs",
    "kartlagg.alerts",
    "ninja",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "kartlagg.config.urls"
WSGI_APPLICATION = "kartlagg.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_ROOT / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "kartlagg.core.context_processors.navigation",
            ],
        },
    }
]

DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'kartlagg.sqlite3'}")
# Persistent connections only when asked: the threaded development server opens one connection per
# request thread, and keeping them exhausts PostgreSQL's max_connections under many respondents.
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL,
        conn_max_age=env_int("KARTLAGG_DB_CONN_MAX_AGE", 0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers (the web pages) go on while an import writes.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update({"init_command": "PRAGMA journal_mode=WAL;", "timeout": 20})
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

# Swedish first: the users are Swedish coordinators; English is one click away (/en/ prefix).
LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_ROOT / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Stockholm"

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"

LOGIN_URL = "admin:login"

EMAIL_BACKEND = env_str("KARTLAGG_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("KARTLAGG_FROM_EMAIL", "kartlagg@localhost")

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if env_str("KARTLAGG_REDIS_URL", ""):
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": env_str("KARTLAGG_REDIS_URL", ""),
    }

# The domain pack (competence taxonomy) the system runs on; others live beside it in kartlagg/domains.
KARTLAGG_DOMAIN = env_str("KARTLAGG_DOMAIN", "atmp")
# Disclosure control: a published cell needs at least this many organisations behind it.
KARTLAGG_MIN_CELL_ORGS = env_int("KARTLAGG_MIN_CELL_ORGS", 3)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("KARTLAGG_LOG_LEVEL", "WARNING")},
}
