import os
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vestnik.settings.production")

application: Callable[..., Any] = get_wsgi_application()
if settings.VESTNIK_PAGE_CACHE_ENABLED:
    from vestnik.pagecache.wsgi_layer import PageCacheApplication

    application = PageCacheApplication(application)

# Outermost: request ids, /healthz, /readyz and /metrics, counting (vestnik.operations).
from vestnik.operations.wsgi_layer import OperationsApplication  # noqa: E402

application = OperationsApplication(application)
