"""Settings shared by every environment, read from environment variables with safe defaults.

DATABASE_URL   default: SQLite file under VESTNIK_VAR_DIR (``var/`` in the working directory)
SECRET_KEY     default: a random key generated once and kept in VESTNIK_VAR_DIR
ALLOWED_HOSTS  comma-separated; default: loopback names and any ``*.localhost`` outlet
DEBUG          off unless set to 1/true/yes
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url

from vestnik.media_storage.location import parse_media_storage_url
from vestnik.operations.log_format import logging_settings
from vestnik.var_dir import secure_var_dir

PACKAGE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VESTNIK_VAR_DIR", Path.cwd() / "var")).resolve()
secure_var_dir(VAR_DIR)


def env_flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def read_or_create_secret_key() -> str:
    """A per-installation key, so a small newsroom never runs on a key published in a repository."""
    if key := os.environ.get("SECRET_KEY"):
        return key
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
    return path.read_text().strip()


DEBUG = env_flag("DEBUG")
SECRET_KEY = read_or_create_secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],.localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "vestnik.regions",
    "vestnik.outlets",
    "vestnik.articles",
    # Where an article's publish steps run is set by ``articles.pipeline``, not by this list.
    "vestnik.newsroom",
    "vestnik.ingest",
    "vestnik.search",
    "vestnik.api",
    "vestnik.feeds",
    "vestnik.digest",
    "vestnik.distribution",
    "vestnik.readership",
    "vestnik.pagecache",
    "vestnik.accounts",
    "vestnik.demo",
    "vestnik.operations",
    "vestnik.media_storage",
    "rest_framework",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_tasks",
    "django_tasks_db",
    "django_rq",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    # Outermost, so it sees the response every other middleware has finished.
    "vestnik.pagecache.middleware.PageCacheMiddleware",
    # Names the page's type for the metrics, on every response (vestnik.operations).
    "vestnik.operations.page_types.PageTypeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "vestnik.pagecache.sites.SiteLookupMiddleware",
    "vestnik.pagecache.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A full disk during an upload: the editor's message, the transaction rolled back.
    "vestnik.operations.disk_full.DiskFullMiddleware",
    "vestnik.outlets.middleware.AdminIsolationMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "vestnik.middleware.EditorialTransactionMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "vestnik.urls"
WSGI_APPLICATION = "vestnik.wsgi.application"

# Readers' pages are Jinja2 (templates in jinja2/ folders, see vestnik.jinja_environment);
# the admin, StreamField blocks, feeds and sitemaps are Django templates. Django's engine is
# asked first, so Wagtail's admin never meets a Jinja2 template of the same name.
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [PACKAGE_DIR / "jinja2"],
        "APP_DIRS": True,
        "OPTIONS": {"environment": "vestnik.jinja_environment.environment"},
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'vestnik.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers proceed while an editor saves; IMMEDIATE avoids "database is locked"
    # on write transactions that start as reads.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Logins are throttled by django-axes (vestnik.accounts): five wrong passwords for one name
# from one address close the door to that pair for 15 minutes, the right password included.
# Page passwords (view restrictions) are counted the same way, per restriction.
AUTHENTICATION_BACKENDS = [
    "vestnik.accounts.backends.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("VESTNIK_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("VESTNIK_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "vestnik.accounts.lockout.lockout_response"
# Behind a reverse proxy every login comes from the proxy's address: the throttle reads the
# client's from X-Forwarded-For instead, or a guessed account would lock for everyone.
VESTNIK_BEHIND_PROXY = env_flag("VESTNIK_BEHIND_PROXY")
AXES_CLIENT_IP_CALLABLE = "vestnik.accounts.client_ip.login_address"
# The admin login asks for a one-time code from users who enrolled a TOTP device.
WAGTAILADMIN_USER_LOGIN_FORM = "vestnik.accounts.forms.LoginForm"
OTP_TOTP_ISSUER = "Вестник"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "ru"
TIME_ZONE = "Europe/Moscow"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# WhiteNoise warns at every start while collectstatic has never run; an empty folder is enough.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# A one-machine newsroom has no separate media server; a larger one sets this off and lets
# its proxy serve MEDIA_ROOT.
VESTNIK_SERVE_MEDIA = env_flag("VESTNIK_SERVE_MEDIA", default=True)
# Django would chmod every upload 0644 whatever the umask; media this process serves stays
# as private as the rest of the var dir, media a proxy serves stays readable to the proxy.
FILE_UPLOAD_PERMISSIONS = 0o600 if VESTNIK_SERVE_MEDIA else 0o644
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700 if VESTNIK_SERVE_MEDIA else 0o755
# Serve static files straight from the apps, so a fresh install needs no collectstatic step.
WHITENOISE_USE_FINDERS = True
STORAGES: dict[str, dict[str, Any]] = {
    # The file system, removing what a failed write left (a full disk); an S3-compatible
    # bucket instead when MEDIA_STORAGE_URL is set (below).
    "default": {"BACKEND": "vestnik.operations.storage.MediaStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

WAGTAIL_SITE_NAME = "Вестник"
# Wagtail's own Russian catalogue, corrected where it is missing or wrong (vestnik/locale).
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
# Avatars are the uploaded ones or Wagtail's built-in picture: no request leaves for gravatar.com.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILIMAGES_IMAGE_MODEL = "articles.VestnikImage"
WAGTAIL_I18N_ENABLED = False
WAGTAIL_CONTENT_LANGUAGES = [("ru", "Русский")]
# Outlet editors must not switch the admin to English by accident: the account screen offers
# no language choice unless VESTNIK_ADMIN_ENGLISH=1 asks for English too.
WAGTAILADMIN_PERMITTED_LANGUAGES = [("ru", "Русский")]
if env_flag("VESTNIK_ADMIN_ENGLISH", default=False):
    WAGTAILADMIN_PERMITTED_LANGUAGES.append(("en", "English"))
# A Moscow network's editors work in Moscow time; the account screen listed 600 English zone names.
WAGTAIL_USER_TIME_ZONES = ["Europe/Moscow"]
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
TAGGIT_CASE_INSENSITIVE = True
# How much fresher articles rise in relevance-sorted search (0 turns it off network-wide).
# Ingest: one fetch (connect, headers and body) ends after this many seconds; path
# sources read files only under the import directory; a picture above the pixel cap is
# refused (24 Mpx: a 6000×4000 camera frame, far above the 960 px the pages show).
VESTNIK_FETCH_DEADLINE = float(os.environ.get("VESTNIK_FETCH_DEADLINE", "30"))
VESTNIK_IMPORT_DIR = Path(os.environ.get("VESTNIK_IMPORT_DIR", VAR_DIR / "import")).resolve()
VESTNIK_IMAGE_MAX_PIXELS = int(os.environ.get("VESTNIK_IMAGE_MAX_PIXELS", "24000000"))

VESTNIK_SEARCH_RECENCY_BOOST = float(os.environ.get("VESTNIK_SEARCH_RECENCY_BOOST", "1.0"))

# The read API's schema comes from drf-spectacular (vestnik/api/urls.py has the rest).
REST_FRAMEWORK = {"DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema"}

SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "SAMEORIGIN"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Public pages carry no scripts: the policy allows the site's own styles and images (and
# https images embedded in bodies).
VESTNIK_CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'none'; object-src 'none'; img-src 'self' data: https:; "
    "style-src 'self'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'"
)
# The admin (and an editor's view of public pages, with Wagtail's userbar): scripts and
# styles only from this server, but inline ones too, since Wagtail's panels, date pickers
# and chooser modals write inline <script> and style attributes; image previews use blob:.
VESTNIK_ADMIN_CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob: https:; font-src 'self' data:; connect-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'"
)

# Wagtail's own small tasks run at once; enrichment (NER models, ~300 MB) is queued in the
# database and run by `vestnik worker`, so web processes never load the models.
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    # The worker's backend: enrichment, and the posts to social networks (vestnik.distribution).
    "enrichment": {
        "BACKEND": "django_tasks_db.backend.DatabaseBackend",
        "QUEUES": ["enrichment", "distribution"],
    },
}
ENRICHMENT_MAX_ATTEMPTS = 3
# How many sources the worker polls at once.
VESTNIK_INGEST_PARALLEL = max(1, int(os.environ.get("VESTNIK_INGEST_PARALLEL", "4")))
# Seconds between two looks of `vestnik worker` at scheduled publishing and expiry.
VESTNIK_SCHEDULE_TICK = float(os.environ.get("VESTNIK_SCHEDULE_TICK", "60"))


def redis_queue_settings(url: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """The enrichment backend and django-rq's RQ_QUEUES for a queue in the Redis at `url`.

    A publish whose enqueue meets an unreachable Redis logs it after seconds rather than the
    system's connect timeout of minutes; a timeout already in the URL comes first and wins."""
    separator = "&" if "?" in url else "?"
    queues = ["enrichment", "distribution"]
    return (
        {"BACKEND": "vestnik.newsroom.redis_queue.RedisQueueBackend", "QUEUES": queues},
        {name: {"URL": f"{url}{separator}socket_connect_timeout=3"} for name in queues},
    )


# A larger installation queues enrichment in Redis instead (RQ; `vestnik worker` runs it).
# Its own variable, not the page cache's Redis: a cache may evict keys under memory pressure,
# and a queue must never lose work that way.
VESTNIK_TASKS_REDIS_URL = os.environ.get("VESTNIK_TASKS_REDIS_URL", "")
if VESTNIK_TASKS_REDIS_URL:
    TASKS["enrichment"], RQ_QUEUES = redis_queue_settings(VESTNIK_TASKS_REDIS_URL)
# A task for that Redis is first held in the database, in the transaction that queues it; the
# worker's clock hands on those Redis did not take once they are this many seconds old (well
# past the web process's own attempt, which gives up after seconds: vestnik.newsroom.held_tasks).
VESTNIK_QUEUE_HOLD_GRACE_SECONDS = float(os.environ.get("VESTNIK_QUEUE_HOLD_GRACE_SECONDS", "60"))

# «Читайте также» computed at publish time: how much each signal counts.
VESTNIK_RELATED_WEIGHTS = {
    "text": 1.0,
    "tags": 0.6,
    "regions": 0.4,
    "neighbour_regions": 0.2,
    "same_outlet": 0.15,
    "recency": 0.3,
    "recency_days": 60.0,
}

# The page cache in front of Django (vestnik.pagecache): this process's memory, or Redis
# shared by several app servers when VESTNIK_PAGE_CACHE_URL or REDIS_URL names one.
VESTNIK_PAGE_CACHE_ENABLED = env_flag("VESTNIK_PAGE_CACHE", default=True)
_page_cache_url = os.environ.get("VESTNIK_PAGE_CACHE_URL") or os.environ.get("REDIS_URL", "")
VESTNIK_PAGE_CACHE: dict[str, dict[str, Any]] = {
    "default": {
        "BACKEND": "vestnik.pagecache.stores.RedisStore"
        if _page_cache_url.startswith(("redis://", "rediss://", "unix://"))
        else "vestnik.pagecache.stores.MemoryStore",
        "LOCATION": _page_cache_url,
        "OPTIONS": {
            "ttl": float(os.environ.get("VESTNIK_PAGE_CACHE_TTL", "86400")),
            "max_bytes": int(os.environ.get("VESTNIK_PAGE_CACHE_MAX_MB", "256")) * 2**20,
        },
    }
}

# VK's API (vestnik.distribution.vk): the methods' base address and the API version spoken. The
# tests and the demo point the address at a fake VK on loopback (tests/fakes/vk.py).
VK_API_URL = os.environ.get("VK_API_URL", "https://api.vk.com/method")
VK_API_VERSION = os.environ.get("VK_API_VERSION", "5.199")

# Reads of articles, counted in the page cache's WSGI layer (vestnik.readership): each web
# process writes its counts every FLUSH_SECONDS or BATCH reads, the worker sums them every
# AGGREGATE_SECONDS. Behind a proxy a reader's address is the last of X-Forwarded-For.
# VESTNIK_READS_COUNTED=0 turns counting off (the benchmark's side-by-side run).
VESTNIK_READS = {
    "COUNTED": env_flag("VESTNIK_READS_COUNTED", default=True),
    "FLUSH_SECONDS": float(os.environ.get("VESTNIK_READS_FLUSH_SECONDS", "10")),
    "BATCH": int(os.environ.get("VESTNIK_READS_BATCH", "1000")),
    "AGGREGATE_SECONDS": float(os.environ.get("VESTNIK_READS_AGGREGATE_SECONDS", "60")),
    "BEHIND_PROXY": VESTNIK_BEHIND_PROXY,
}

# The e-mail digest (vestnik.digest, docs/digest.md). Mail leaves over SMTP with Django's
# backend: EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER/PASSWORD, EMAIL_USE_TLS (STARTTLS) or
# EMAIL_USE_SSL, DEFAULT_FROM_EMAIL. The worker builds each list's issue once a week, from
# WEEKDAY (0: Monday) at HOUR, Moscow time, and sends BATCH messages per SMTP connection.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_flag("EMAIL_USE_TLS")
EMAIL_USE_SSL = env_flag("EMAIL_USE_SSL")
EMAIL_TIMEOUT = float(os.environ.get("EMAIL_TIMEOUT", "30"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Вестник <digest@localhost>")
VESTNIK_DIGEST: dict[str, Any] = {
    "WEEKDAY": int(os.environ.get("VESTNIK_DIGEST_WEEKDAY", "4")),  # Friday
    "HOUR": int(os.environ.get("VESTNIK_DIGEST_HOUR", "9")),
    "BATCH": int(os.environ.get("VESTNIK_DIGEST_BATCH", "50")),
    "TICK_SECONDS": float(os.environ.get("VESTNIK_DIGEST_TICK_SECONDS", "60")),
    "MOST_READ": 5,
    "NEWEST": 10,
    # How long a confirmation link works.
    "CONFIRM_DAYS": int(os.environ.get("VESTNIK_DIGEST_CONFIRM_DAYS", "3")),
    # A provider's bounce and complaint notifications (POST /digest/bounces/): this token
    # as "Authorization: Bearer …"; empty turns the endpoint off.
    "WEBHOOK_TOKEN": os.environ.get("VESTNIK_DIGEST_WEBHOOK_TOKEN", ""),
    # The domain of List-Id and of the Message-IDs; the mailbox of mailto: unsubscribing.
    "LIST_DOMAIN": os.environ.get("VESTNIK_DIGEST_LIST_DOMAIN", "vestnik.localhost"),
    "UNSUBSCRIBE_MAILBOX": os.environ.get("VESTNIK_DIGEST_UNSUBSCRIBE_MAILBOX", ""),
}

# Scheduled backups (vestnik.operations): `vestnik worker` writes an archive into
# VESTNIK_BACKUP_DIR every VESTNIK_BACKUP_EVERY_HOURS and keeps the newest VESTNIK_BACKUP_KEEP;
# unset, it makes none (`vestnik backup DEST` works either way). docs/backup.md has the rest.
VESTNIK_BACKUP_DIR = os.environ.get("VESTNIK_BACKUP_DIR", "")
VESTNIK_BACKUP_EVERY_HOURS = float(os.environ.get("VESTNIK_BACKUP_EVERY_HOURS", "24"))
VESTNIK_BACKUP_KEEP = max(1, int(os.environ.get("VESTNIK_BACKUP_KEEP", "7")))

# Distribution to Telegram channels (vestnik.distribution.telegram): the Bot API's address, which
# tests and demos point at a server on loopback (`python -m tests.fakes.telegram`).
TELEGRAM_API_URL = os.environ.get("TELEGRAM_API_URL", "https://api.telegram.org")

# Shared media (docs/media-storage.md): with MEDIA_STORAGE_URL naming an S3-compatible
# bucket, images, renditions and documents live there for every app server, readers fetch
# them from its public address, and this process serves no /media/. The URL holds the keys,
# so it is read here and kept in no setting of its own (Django's error pages show settings).
if _media_storage_url := os.environ.get("MEDIA_STORAGE_URL", ""):
    _media = parse_media_storage_url(_media_storage_url)
    STORAGES["default"] = {
        "BACKEND": "vestnik.media_storage.backends.ObjectStorage",
        "OPTIONS": _media.storage_options(),
    }
    MEDIA_URL = _media.public_url
    VESTNIK_SERVE_MEDIA = False
    # Pages allow https: images already; a media host on plain http (a store on the local
    # network) is named.
    VESTNIK_CONTENT_SECURITY_POLICY, VESTNIK_ADMIN_CONTENT_SECURITY_POLICY = (
        policy.replace("img-src 'self'", f"img-src 'self' {_media.public_origin}")
        for policy in (VESTNIK_CONTENT_SECURITY_POLICY, VESTNIK_ADMIN_CONTENT_SECURITY_POLICY)
    )
# Documents stream through the app, which checks a collection's privacy first; the bucket's
# public read covers images only (a redirect to the bucket would hand out private files).
WAGTAILDOCS_SERVE_METHOD = "serve_view"

# Read replicas (vestnik.replicas): readers' pages, feeds, search and the read API read from
# the streaming standbys named by DATABASE_REPLICA_URLS (comma-separated), each declared as a
# database that mirrors "default" (so a test run uses the primary's test database through it);
# the admin, the worker, commands and a browser that wrote in the last
# VESTNIK_REPLICA_PIN_SECONDS read the primary. Unset: one database, as before.
for _number, _url in enumerate(env_list("DATABASE_REPLICA_URLS", ""), start=1):
    DATABASES[f"replica{_number}"] = {
        **dj_database_url.parse(
            _url,
            conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
            conn_health_checks=True,
        ),
        "TEST": {"MIRROR": "default"},
    }
VESTNIK_READ_FROM_REPLICAS = env_flag("VESTNIK_READ_FROM_REPLICAS", default=True)
VESTNIK_REPLICA_PIN_SECONDS = int(os.environ.get("VESTNIK_REPLICA_PIN_SECONDS", "10"))
DATABASE_ROUTERS = ["vestnik.replicas.ReplicaRouter"]
# Right inside the page cache's own middleware, before the site lookup's first read.
MIDDLEWARE.insert(1, "vestnik.replicas.ReaderRequestMiddleware")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# WebSub (https://www.w3.org/TR/websub/): the hub every feed names (rel="hub") and which the
# worker pings on each publish and unpublish of an article, for every feed that shows it.
# Empty: no hub named, nothing pinged.
VESTNIK_WEBSUB_HUB_URL = os.environ.get("VESTNIK_WEBSUB_HUB_URL", "")
# Attempts of one ping, RETRY_SECONDS, twice that, four times… apart (vestnik.feeds.websub).
VESTNIK_WEBSUB_MAX_ATTEMPTS = int(os.environ.get("VESTNIK_WEBSUB_MAX_ATTEMPTS", "5"))
VESTNIK_WEBSUB_RETRY_SECONDS = float(os.environ.get("VESTNIK_WEBSUB_RETRY_SECONDS", "60"))

# Operations (vestnik.operations): /healthz, /readyz, /metrics, structured logs.
# /metrics answers a bearer token when VESTNIK_METRICS_TOKEN is set, else only callers on a
# loopback or private address that came straight (no proxy in between); 404 to anyone else.
VESTNIK_METRICS_TOKEN = os.environ.get("VESTNIK_METRICS_TOKEN", "")
# `vestnik worker` serves its own /metrics (the same rules) on this host:port, e.g.
# 127.0.0.1:9108, for a worker machine no app server's scrape covers; empty: it serves none.
VESTNIK_WORKER_METRICS_ADDRESS = os.environ.get("VESTNIK_WORKER_METRICS_ADDRESS", "")
# /readyz: the worker counts as alive if it ticked within this many minutes; media want at
# least this much free disk; the report is kept this many seconds per process.
VESTNIK_WORKER_STALE_MINUTES = float(os.environ.get("VESTNIK_WORKER_STALE_MINUTES", "5"))
VESTNIK_MEDIA_MIN_FREE_MB = int(os.environ.get("VESTNIK_MEDIA_MIN_FREE_MB", "500"))
VESTNIK_READINESS_CACHE_SECONDS = float(os.environ.get("VESTNIK_READINESS_CACHE_SECONDS", "1"))
# prometheus-client's multiprocess mode: granian's workers and the background worker each write
# their counters here and a scrape sums them. Set before the library is first imported.
os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", str(VAR_DIR / "metrics"))
Path(os.environ["PROMETHEUS_MULTIPROC_DIR"]).mkdir(mode=0o700, parents=True, exist_ok=True)
# One JSON object per line with the request id (production's default), or readable text.
VESTNIK_LOG_FORMAT = os.environ.get("VESTNIK_LOG_FORMAT", "text")
LOG_LEVEL = os.environ.get("LOG_LEVEL", "WARNING")
LOGGING = logging_settings(VESTNIK_LOG_FORMAT, LOG_LEVEL)

# Social networks (vestnik.distribution). Channel tokens are stored encrypted with
# VESTNIK_SECRETS_KEY (a Fernet key), or with a key derived from SECRET_KEY when it is empty:
# changing the key in use makes stored tokens unreadable (docs/distribution.md).
VESTNIK_SECRETS_KEY = os.environ.get("VESTNIK_SECRETS_KEY", "")
# Messages a minute to one channel (Telegram allows about 20), kept by the queue.
VESTNIK_TELEGRAM_PER_MINUTE = int(os.environ.get("VESTNIK_TELEGRAM_PER_MINUTE", "20"))
# Tries of one delivery the network asked to retry before it shows as failed.
VESTNIK_DISTRIBUTION_MAX_ATTEMPTS = int(os.environ.get("VESTNIK_DISTRIBUTION_MAX_ATTEMPTS", "8"))
