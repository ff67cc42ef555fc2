"""Static files under content-hashed names, so WhiteNoise can let browsers keep them for
years: a changed stylesheet gets a new name. Before collectstatic has run (a management
command in production settings, a fresh checkout) a page links the plain name, which
WhiteNoise serves from the apps, instead of failing."""

from django.contrib.staticfiles.storage import StaticFilesStorage
from whitenoise.storage import CompressedManifestStaticFilesStorage


class HashedStaticFilesStorage(CompressedManifestStaticFilesStorage):
    manifest_strict = False

    def url(self, name: str | None, force: bool = False) -> str:
        try:
            return super().url(name, force)
        except ValueError:  # not collected yet
            return StaticFilesStorage.url(self, name)
