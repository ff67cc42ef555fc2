from django.conf import settings
from django.urls import URLPattern, URLResolver, include, path, re_path
from django.views.static import serve
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from vestnik.accounts.page_passwords import throttled_authenticate_with_password

urlpatterns: list[URLPattern | URLResolver] = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v1/", include("vestnik.api.urls")),
]

if settings.VESTNIK_SERVE_MEDIA:
    urlpatterns.append(
        re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT})
    )

urlpatterns += [
    # Wagtail's own address for page passwords, answered by a view that counts the guesses.
    path(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        throttled_authenticate_with_password,
        name="wagtailcore_authenticate_with_password",
    ),
    path("", include("vestnik.digest.urls")),  # the letters' links and the bounce webhook
    path("", include("vestnik.feeds.urls")),  # feeds, sitemaps, robots.txt: before the page tree
    path("", include(wagtail_urls)),
]

handler404 = "vestnik.views.page_not_found"
handler500 = "vestnik.views.server_error"
