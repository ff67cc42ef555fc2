"""Media (images, renditions, documents) in S3-compatible object storage shared by every app
server, when ``MEDIA_STORAGE_URL`` names a bucket; see docs/media-storage.md."""
