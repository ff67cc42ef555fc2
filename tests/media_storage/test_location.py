"""MEDIA_STORAGE_URL read into the bucket's options; a bad one is refused without its keys."""

import pytest

from vestnik.media_storage.location import MediaStorageUrlError, parse_media_storage_url

# HTTPS endpoint, a CDN in front, a region and a folder
YANDEX = (
    "s3://AKID:se%2Bcr%2Fet@storage.yandexcloud.net/vestnik?region=ru-central1"
    "&public_url=https://media.example.ru&prefix=/moscow/"
)
# a store on the local network, read at the bucket's own address
LOCAL = "s3+http://key:secret@10.0.0.5:9000/media"


def test_every_part_of_the_url_is_read():
    location = parse_media_storage_url(YANDEX)
    assert location.endpoint_url == "https://storage.yandexcloud.net"
    assert (location.bucket, location.region, location.prefix) == (
        "vestnik",
        "ru-central1",
        "moscow",
    )
    assert (location.access_key, location.secret_key) == ("AKID", "se+cr/et")
    assert location.public_url == "https://media.example.ru/"
    options = location.storage_options()
    assert (options["custom_domain"], options["url_protocol"]) == ("media.example.ru", "https:")
    assert options["querystring_auth"] is False and options["file_overwrite"] is False


def test_without_public_url_readers_fetch_from_the_buckets_path_on_the_endpoint():
    location = parse_media_storage_url(LOCAL)
    assert location.public_url == "http://10.0.0.5:9000/media/"
    assert location.public_origin == "http://10.0.0.5:9000"


def test_the_secret_is_not_in_the_locations_repr():
    assert "cr/et" not in repr(parse_media_storage_url(YANDEX))


@pytest.mark.parametrize(
    "url, message",
    [
        ("https://key:secret@host/bucket", "схема «https»"),
        ("s3://key:secret@/bucket", "адрес хранилища"),
        ("s3://key:secret@host/", "имя бакета"),
        ("s3://key:secret@host/a/b", "имя бакета"),
        ("s3://host/bucket", "ключ доступа"),
        ("s3://key:secret@host:port/bucket", "порт"),
        ("s3://key:secret@host/bucket?regoin=ru", "regoin"),
        ("s3://key:secret@host/bucket?public_url=media.example.ru", "public_url"),
    ],
)
def test_a_bad_url_is_refused_in_russian_without_its_secret(url, message):
    with pytest.raises(MediaStorageUrlError, match=message) as refused:
        parse_media_storage_url(url)
    assert "secret" not in str(refused.value)
