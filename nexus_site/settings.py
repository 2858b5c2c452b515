"""Settings for Nexus Commerce.

With no environment variables the whole product runs on one machine: SQLite in the project
folder, Celery tasks executed eagerly in-process, local-memory cache, console email, database
search and the sandbox payment provider. Each environment variable below switches one part to the
real service; README.md lists them all with their defaults.
"""

from datetime import timedelta
from pathlib import Path

from corsheaders.defaults import default_headers as default_cors_headers
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from oscar.defaults import *  # noqa: F403 - Oscar's documented way to take its defaults

from commerce.communication.dashboard_access import messages_access, templates_access
from commerce.order import statuses as order_statuses
from commerce.product_import.dashboard_access import product_import_navigation
from nexus_site.cache import redis_caches
from nexus_site.config import database_from_url, email_from_url, env, require, require_between
from search.dashboard_access import synonyms_access

BASE_DIR = Path(__file__).resolve().parent.parent

# --- Core -------------------------------------------------------------------------------------
DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env.str("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

if DEBUG:
    # Only ever used on a developer's machine: production (DEBUG off) must bring its own.
    SECRET_KEY = SECRET_KEY or "insecure-embedded-development-key"
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "[::1]", "testserver"]
else:
    require(name="SECRET_KEY", value=SECRET_KEY, reason="when DEBUG is off")
    require(name="ALLOWED_HOSTS", value=ALLOWED_HOSTS, reason="when DEBUG is off")

SITE_ID = 1
ROOT_URLCONF = "nexus_site.urls"
WSGI_APPLICATION = "nexus_site.wsgi.application"
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"

# --- Applications -----------------------------------------------------------------------------
INSTALLED_APPS = [
    # Before the admin, which it patches with translated field widgets.
    "modeltranslation",
    "nexus_site.admin.SuperuserAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.flatpages",
    "django.contrib.postgres",
    # Oscar, with our forks under commerce/ and search/
    "oscar.config.Shop",
    "oscar.apps.analytics.apps.AnalyticsConfig",
    "commerce.checkout.apps.CheckoutConfig",
    "oscar.apps.address.apps.AddressConfig",
    "commerce.shipping.apps.ShippingConfig",
    "commerce.catalogue.apps.CatalogueConfig",
    "commerce.catalogue.reviews.apps.CatalogueReviewsConfig",
    "commerce.communication.apps.CommunicationConfig",
    "commerce.partner.apps.PartnerConfig",
    "commerce.basket.apps.BasketConfig",
    "commerce.payment.apps.PaymentConfig",
    "oscar.apps.offer.apps.OfferConfig",
    "commerce.order.apps.OrderConfig",
    "commerce.customer.apps.CustomerConfig",
    "search.apps.SearchConfig",
    "oscar.apps.voucher.apps.VoucherConfig",
    "oscar.apps.wishlists.apps.WishlistsConfig",
    "commerce.dashboard.apps.DashboardConfig",
    "commerce.dashboard.reports.apps.ReportsDashboardConfig",
    "oscar.apps.dashboard.users.apps.UsersDashboardConfig",
    "commerce.dashboard.orders.apps.OrdersDashboardConfig",
    "commerce.dashboard.catalogue.apps.CatalogueDashboardConfig",
    "oscar.apps.dashboard.offers.apps.OffersDashboardConfig",
    "oscar.apps.dashboard.partners.apps.PartnersDashboardConfig",
    "oscar.apps.dashboard.pages.apps.PagesDashboardConfig",
    "oscar.apps.dashboard.ranges.apps.RangesDashboardConfig",
    "oscar.apps.dashboard.reviews.apps.ReviewsDashboardConfig",
    "oscar.apps.dashboard.vouchers.apps.VouchersDashboardConfig",
    "oscar.apps.dashboard.communications.apps.CommunicationsDashboardConfig",
    "oscar.apps.dashboard.shipping.apps.ShippingDashboardConfig",
    "widget_tweaks",
    "treebeard",
    "sorl.thumbnail",
    "django_tables2",
    # Headless API
    "rest_framework",
    "drf_spectacular",
    "oscarapi",
    # Wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.simple_translation",
    "wagtail.locales",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail",
    "modelcluster",
    "taggit",
    # Ours
    "phonenumber_field",
    "corsheaders",
    "rest_framework_simplejwt",
    # Refresh tokens are recorded, so rotation and a password change can revoke them.
    "rest_framework_simplejwt.token_blacklist",
    "commerce.roles.apps.RolesConfig",
    "commerce.outbox.apps.OutboxConfig",
    "commerce.demo.apps.DemoConfig",
    "commerce.product_import.apps.ProductImportConfig",
    "cms.apps.CmsConfig",
    "commerce.response_cache.apps.ResponseCacheConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # ETag on every GET answer, and 304 to If-None-Match: outside everything that edits the body.
    "django.middleware.http.ConditionalGetMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "nexus_site.static_files.WhiteNoiseMiddleware",
    # Django's session middleware, plus django-oscar-api's Session-Id header for headless
    # clients that keep an anonymous basket without cookies.
    "oscarapi.middleware.HeaderSessionMiddleware",
    "nexus_site.middleware.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "oscar.apps.basket.middleware.BasketMiddleware",
    # After the user, session, messages and the basket's pricing strategy, which it reads.
    "commerce.response_cache.middleware.ResponseCacheMiddleware",
    "django.contrib.flatpages.middleware.FlatpageFallbackMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.template.context_processors.i18n",
                "django.contrib.messages.context_processors.messages",
                "oscar.apps.search.context_processors.search_form",
                "oscar.apps.checkout.context_processors.checkout",
                "oscar.apps.communication.notifications.context_processors.notifications",
                "oscar.core.context_processors.metadata",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    }
]

# --- Database ---------------------------------------------------------------------------------
# SQLite is opened with WAL, IMMEDIATE transactions and a busy timeout (config.SQLITE_OPTIONS).
DATABASES = {
    "default": database_from_url(
        url=env.str("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
    )
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=0)

# --- Cache ------------------------------------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
# A cache call gives up this quickly when Redis does not answer (seconds, connect and read).
CACHE_SOCKET_TIMEOUT = env.float("CACHE_SOCKET_TIMEOUT", default=0.5)
require_between(name="CACHE_SOCKET_TIMEOUT", value=CACHE_SOCKET_TIMEOUT, minimum=0.1, maximum=10)
if REDIS_URL:
    # Fails open (nexus_site/cache.py): with Redis down the shared cache reads as misses, and
    # rate limits keep counting in each process's memory.
    CACHES = redis_caches(url=REDIS_URL, socket_timeout=CACHE_SOCKET_TIMEOUT)
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    # Rate limits (API throttles, sign-in limits) count in their own alias (the same store here).
    CACHES["throttle"] = dict(CACHES["default"])

# Anonymous catalogue pages and API reads served from the cache (commerce/response_cache), for
# at most this many seconds (versioned keys make every change show at once; 0 turns it off).
# Without Redis the cache is each process's own memory, which only one process can keep right:
# off by default then, but in the single-process embedded default (DEBUG).
RESPONSE_CACHE_SECONDS = env.int(
    "RESPONSE_CACHE_SECONDS", default=300 if (REDIS_URL or DEBUG) else 0
)
require_between(
    name="RESPONSE_CACHE_SECONDS", value=RESPONSE_CACHE_SECONDS, minimum=0, maximum=86400
)
# s-maxage of anonymous API answers for a CDN in front (0: it revalidates each time by ETag).
RESPONSE_CACHE_SHARED_MAX_AGE = env.int("RESPONSE_CACHE_SHARED_MAX_AGE", default=0)
require_between(
    name="RESPONSE_CACHE_SHARED_MAX_AGE",
    value=RESPONSE_CACHE_SHARED_MAX_AGE,
    minimum=0,
    maximum=86400,
)

# --- Celery -----------------------------------------------------------------------------------
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default="")
# No broker means the embedded default: tasks run in-process when they are enqueued.
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not CELERY_BROKER_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_QUEUE", default="nexus")
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A publish gives up quickly when Redis is down or stops answering; the outbox sends it later.
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2.0, "socket_timeout": 3.0}
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULE = {
    # Catches up search indexing after an outage of the search server or the broker.
    "search-index-flush": {"task": "search.tasks.search_index_flush", "schedule": 60.0},
    # Sends tasks the broker could not take when their transaction committed.
    "outbox-dispatch": {"task": "commerce.outbox.tasks.outbox_dispatch_pending", "schedule": 30.0},
    # Cancels orders left unpaid for PAYMENT_EXPIRY_MINUTES and releases their stock.
    "orders-expire-unpaid": {"task": "commerce.order.tasks.orders_expire_unpaid", "schedule": 60.0},
    # Reminds customers of baskets left alone for BASKET_REMINDER_HOURS (once per basket).
    "basket-reminders": {
        "task": "commerce.communication.tasks.basket_reminders_send",
        "schedule": 900.0,
    },
    # Oscar's back-in-stock alerts (OSCAR_EAGER_ALERTS is off, see the Oscar section).
    "product-alerts-send": {
        "task": "commerce.partner.tasks.product_alerts_send",
        "schedule": 300.0,
    },
    # Wagtail's scheduled publishing: pages go live (or expire) within a minute of their time.
    "pages-publish-scheduled": {"task": "cms.tasks.scheduled_pages_publish", "schedule": 60.0},
}

# --- Payments ---------------------------------------------------------------------------------
# A provider is offered at checkout only when its credentials are set. The sandbox needs none and
# approves any payment, so production (DEBUG off) only offers it when it is turned on explicitly
# (commerce.payment warns at startup and in `check --deploy` when it is).
PAYMENT_SANDBOX_ENABLED = env.bool("PAYMENT_SANDBOX_ENABLED", default=DEBUG)
# Signs the sandbox's callbacks, as a real provider signs its webhooks.
PAYMENT_SANDBOX_WEBHOOK_SECRET = env.str("PAYMENT_SANDBOX_WEBHOOK_SECRET", default=SECRET_KEY)
STRIPE_SECRET_KEY = env.str("STRIPE_SECRET_KEY", default="")
STRIPE_WEBHOOK_SECRET = env.str("STRIPE_WEBHOOK_SECRET", default="")
STRIPE_API_BASE = env.str("STRIPE_API_BASE", default="https://api.stripe.com")
CHAPA_SECRET_KEY = env.str("CHAPA_SECRET_KEY", default="")
CHAPA_WEBHOOK_SECRET = env.str("CHAPA_WEBHOOK_SECRET", default="")
CHAPA_API_BASE = env.str("CHAPA_API_BASE", default="https://api.chapa.co")
FLEXPAY_TOKEN = env.str("FLEXPAY_TOKEN", default="")
FLEXPAY_MERCHANT = env.str("FLEXPAY_MERCHANT", default="")
FLEXPAY_API_BASE = env.str("FLEXPAY_API_BASE", default="https://backend.flexpay.cd/api/rest/v1")
# Seconds a provider call may take before the shop gives up (and a task retries).
PAYMENT_PROVIDER_TIMEOUT = env.float("PAYMENT_PROVIDER_TIMEOUT", default=15.0)
# Orders still unpaid after this many minutes are cancelled and their stock released.
PAYMENT_EXPIRY_MINUTES = env.int("PAYMENT_EXPIRY_MINUTES", default=30)

# --- Notifications ----------------------------------------------------------------------------
# Hours after the last item was added before a customer is reminded of their basket.
BASKET_REMINDER_HOURS = env.int("BASKET_REMINDER_HOURS", default=24)
# SMS: "console" (logged, the embedded default), "twilio" or "africastalking".
SMS_PROVIDER = env.str("SMS_PROVIDER", default="console")
SMS_PROVIDER_TIMEOUT = env.float("SMS_PROVIDER_TIMEOUT", default=10.0)
TWILIO_ACCOUNT_SID = env.str("TWILIO_ACCOUNT_SID", default="")
TWILIO_AUTH_TOKEN = env.str("TWILIO_AUTH_TOKEN", default="")
TWILIO_FROM_NUMBER = env.str("TWILIO_FROM_NUMBER", default="")
TWILIO_API_BASE = env.str("TWILIO_API_BASE", default="https://api.twilio.com")
AFRICASTALKING_USERNAME = env.str("AFRICASTALKING_USERNAME", default="")
AFRICASTALKING_API_KEY = env.str("AFRICASTALKING_API_KEY", default="")
AFRICASTALKING_SENDER_ID = env.str("AFRICASTALKING_SENDER_ID", default="")
# Empty: the live API, or the sandbox one for the username "sandbox".
AFRICASTALKING_API_BASE = env.str("AFRICASTALKING_API_BASE", default="")

# --- Search -----------------------------------------------------------------------------------
MEILISEARCH_URL = env.str("MEILISEARCH_URL", default="")
MEILISEARCH_API_KEY = env.str("MEILISEARCH_API_KEY", default="")
# Groups of words that mean the same, applied on deploy (search_reindex / search_setup);
# merchandisers add their own in Wagtail (Settings > Search settings).
SEARCH_SYNONYMS = [
    ["phone", "mobile", "smartphone", "cellphone"],
    ["laptop", "notebook"],
    ["tee", "t-shirt", "tshirt"],
    ["headphones", "headset"],
    ["earbuds", "earphones"],
]
# Oscar's search forms still import haystack (a dependency of django-oscar), which reads this
# setting at import time; nothing searches through haystack (see search/).
HAYSTACK_CONNECTIONS = {"default": {"ENGINE": "haystack.backends.simple_backend.SimpleEngine"}}

# --- Email ------------------------------------------------------------------------------------
vars().update(email_from_url(url=env.str("EMAIL_URL", default="consolemail://")))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="shop@example.com")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
OSCAR_FROM_EMAIL = DEFAULT_FROM_EMAIL

# --- Auth -------------------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    # First: refuses every sign-in of a client or account locked out after failed attempts.
    "commerce.customer.auth_backends.LoginLimitBackend",
    "oscar.apps.customer.auth_backends.EmailBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_REDIRECT_URL = "/"
LOGIN_URL = "customer:login"
# How many proxies in front of Django append to X-Forwarded-For: the client's IP is the entry
# this far from its right end. 0 (the default): X-Forwarded-For is ignored, as any client can
# write it; the IP is the connection's own. Every rate limit and sign-in lock-out reads it.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
require_between(name="TRUSTED_PROXY_COUNT", value=TRUSTED_PROXY_COUNT, minimum=0)
# Failed sign-ins (storefront, Django admin, Wagtail admin, API) before an account, or an IP,
# is locked out for LOGIN_LOCKOUT_MINUTES; counted in CACHES["throttle"].
LOGIN_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
LOGIN_IP_FAILURE_LIMIT = env.int("LOGIN_IP_FAILURE_LIMIT", default=20)
LOGIN_LOCKOUT_MINUTES = env.int("LOGIN_LOCKOUT_MINUTES", default=15)
require_between(name="LOGIN_FAILURE_LIMIT", value=LOGIN_FAILURE_LIMIT, minimum=1)
require_between(name="LOGIN_IP_FAILURE_LIMIT", value=LOGIN_IP_FAILURE_LIMIT, minimum=1)
require_between(name="LOGIN_LOCKOUT_MINUTES", value=LOGIN_LOCKOUT_MINUTES, minimum=1)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

# --- Internationalisation ---------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
USE_I18N = True
# The catalogue's translated fields (django-modeltranslation): English is the source, and a
# missing French value falls back to it.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_LANGUAGES = ("en", "fr")
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
USE_TZ = True

# --- Static and media -------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
# Django serves uploaded media itself in development; in production a proxy or object storage
# should, but a single-container deployment can turn this on.
SERVE_MEDIA = env.bool("SERVE_MEDIA", default=DEBUG)
# Files only staff may read (uploaded product imports): outside MEDIA_ROOT, so /media/ never
# serves them; they have no URL and are sent by views that check permissions. Production can
# point the "private" storage at its own volume or at a private bucket instead.
PRIVATE_MEDIA_ROOT = Path(env.str("PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "private-media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": "commerce.private_storage.PrivateFileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# --- Oscar ------------------------------------------------------------------------------------
OSCAR_SHOP_NAME = env.str("SHOP_NAME", default="Nexus Commerce")
OSCAR_SHOP_TAGLINE = ""
OSCAR_DEFAULT_CURRENCY = env.str("SHOP_CURRENCY", default="EUR")
OSCAR_ALLOW_ANON_CHECKOUT = True
# Most units of one product in a basket line (API 400, storefront form error beyond it); Oscar's
# own threshold bounds the whole basket.
BASKET_MAX_LINE_QUANTITY = env.int("BASKET_MAX_LINE_QUANTITY", default=100)
OSCAR_MAX_BASKET_QUANTITY_THRESHOLD = env.int("BASKET_MAX_QUANTITY", default=1000)
# Back-in-stock alerts go out from Celery beat, not from each stock record save inside checkout.
OSCAR_EAGER_ALERTS = False
# The order pipeline: statuses and allowed moves, defined in commerce/order/statuses.py.
OSCAR_INITIAL_ORDER_STATUS = order_statuses.PENDING_PAYMENT
OSCAR_ORDER_STATUS_PIPELINE = order_statuses.PIPELINE
# The home page in the active language (/en/, /fr/), not "/" which redirects by cookie.
OSCAR_HOMEPAGE = reverse_lazy("home")
OSCAR_DASHBOARD_NAVIGATION = OSCAR_DASHBOARD_NAVIGATION + [  # noqa: F405 - from oscar.defaults
    {
        "label": _("Search"),
        "icon": "fas fa-search",
        "children": [
            {
                "label": _("Synonyms"),
                "url_name": "dashboard-search-synonyms",
                "access_fn": synonyms_access,
            }
        ],
    },
    {
        "label": _("Notifications"),
        "icon": "fas fa-envelope",
        "children": [
            {
                "label": _("Messages"),
                "url_name": "dashboard-notifications-messages",
                "access_fn": messages_access,
            },
            {
                "label": _("Templates"),
                "url_name": "dashboard-notifications-templates",
                "access_fn": templates_access,
            },
        ],
    },
]
# "Import products" under Catalogue.
OSCAR_DASHBOARD_NAVIGATION = product_import_navigation(OSCAR_DASHBOARD_NAVIGATION)
OSCAR_THUMBNAILER = "oscar.core.thumbnails.SorlThumbnail"
THUMBNAIL_KVSTORE = "sorl.thumbnail.kvstores.cached_db_kvstore.KVStore"

# --- REST API ---------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    # JWT (Authorization: Bearer) for headless clients, the session for the storefront's own
    # calls. JWT first, so a missing or bad token answers 401 with WWW-Authenticate.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework_simplejwt.authentication.JWTAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "EXCEPTION_HANDLER": "commerce.api.errors.api_exception_handler",
    # DRF's own parsers, with JSON that answers 400 to a body nested too deeply.
    "DEFAULT_PARSER_CLASSES": [
        "nexus_site.api_parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # DRF's own throttles find the client's IP by the same rule as ours.
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    "DEFAULT_THROTTLE_CLASSES": [
        # DRF's anon/user throttles, counting in CACHES["throttle"], the IP by commerce.client_ip.
        "commerce.throttling.AnonRateThrottle",
        "commerce.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("API_THROTTLE_ANON", default="600/minute"),
        "user": env.str("API_THROTTLE_USER", default="1200/minute"),
        # Sign-in (token and session login), per IP and per account.
        "login": env.str("API_THROTTLE_LOGIN", default="5/minute"),
        # Voucher codes tried, per basket and per IP, storefront and API ("10/10m": 10 in 10
        # minutes).
        "voucher": env.str("VOUCHER_THROTTLE", default="10/10m"),
    },
}
# An access token cannot be revoked one by one: it lives 5 minutes at most, and stops at once
# when its user's password changes (CHECK_REVOKE_TOKEN). Refresh tokens are single-use (each
# refresh hands out a new one) and a password change revokes them all (commerce.customer).
JWT_ACCESS_MINUTES = env.int("JWT_ACCESS_MINUTES", default=5)
require_between(name="JWT_ACCESS_MINUTES", value=JWT_ACCESS_MINUTES, minimum=1, maximum=5)
SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(minutes=JWT_ACCESS_MINUTES),
    "REFRESH_TOKEN_LIFETIME": timedelta(days=env.int("JWT_REFRESH_DAYS", default=7)),
    "SIGNING_KEY": env.str("JWT_SIGNING_KEY", default=SECRET_KEY),
    "ROTATE_REFRESH_TOKENS": True,
    "BLACKLIST_AFTER_ROTATION": True,
    "CHECK_REVOKE_TOKEN": True,
}
# Headless frontends on other origins (https://shop.example.com,...): CORS for /api/ only.
CORS_ALLOWED_ORIGINS = env.list("CORS_ALLOWED_ORIGINS", default=[])
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_CREDENTIALS = env.bool("CORS_ALLOW_CREDENTIALS", default=False)
CORS_ALLOW_HEADERS = (*default_cors_headers, "idempotency-key", "session-id")
CORS_EXPOSE_HEADERS = ["Retry-After", "Idempotent-Replayed", "Session-Id"]
SPECTACULAR_SETTINGS = {
    "TITLE": "Nexus Commerce API",
    "VERSION": "1.0.0",
    "DESCRIPTION": (
        "The shop's headless API: django-oscar-api's basket, catalogue, checkout and orders, "
        "plus Nexus Commerce's checkout with payment, search and notification preferences."
    ),
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Also registers, on import, nexus_site.api_schema's fixes for what it cannot read itself.
    "PREPROCESSING_HOOKS": ["nexus_site.api_schema.endpoints_filter"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "nexus_site.api_schema.error_responses",
    ],
}
OSCARAPI_BLOCK_ADMIN_API_ACCESS = True
# Our replacements for some of django-oscar-api's classes, found by its loader (get_api_class).
OSCARAPI_OVERRIDE_MODULES = [
    "commerce.basket.api",
    "commerce.catalogue.api",
    "commerce.customer.api",
    "commerce.order.api",
]

# --- Wagtail ----------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = OSCAR_SHOP_NAME
# Wagtail's login form, with the sign-in lock-out's message.
WAGTAILADMIN_USER_LOGIN_FORM = "nexus_site.login_forms.WagtailLoginForm"
# Pages are translated with Wagtail's own localisation: one locale per language, translations
# created from the source page ("Translate" in the page menu).
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_BASE_URL = env.str("WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]

# --- Logging ----------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

if not DEBUG:
    SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=True)
    CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=True)
# HTTPS only: redirect plain http, and tell browsers to stay on https (HSTS) for this many
# seconds. Turn them on once the site is served over HTTPS; health probes stay on plain http.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
SECURE_REDIRECT_EXEMPT = [r"^health/"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
# Only behind a proxy that sets X-Forwarded-Proto itself: otherwise any client could claim HTTPS.
if env.bool("TRUST_X_FORWARDED_PROTO", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
