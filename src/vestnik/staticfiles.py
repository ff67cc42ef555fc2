"""Static files under content-hashed names, so WhiteNoise can let browsers keep them for
years: a changed stylesheet gets a new name. A file missing from the manifest (collectstatic
not run yet) falls back to its plain name instead of failing the page."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class HashedStaticFilesStorage(CompressedManifestStaticFilesStorage):
    manifest_strict = False
