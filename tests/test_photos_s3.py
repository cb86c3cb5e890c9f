"""Photos on S3-compatible object storage (django-storages), against moto's S3 server
started on a free port: real HTTP, boto3 unmocked. The upload, its renditions, the story
page's addresses, and the old objects deleted when the file is replaced."""

import json
import socket
import urllib.request

import boto3
import pytest
from django.core.files.base import ContentFile
from moto.server import ThreadedMotoServer

from articles.imaging.clean import clean_photo
from articles.models import Image, Photo
from newsroom.media_storage import CACHE_FOREVER, media_storage
from tests.factories import make_article
from tests.photos import exif_jpeg, opened

BUCKET = "newsroom-photos"
PUBLIC_READ = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": "*",
            "Action": "s3:GetObject",
            "Resource": f"arn:aws:s3:::{BUCKET}/*",
        }
    ],
}
KEYS = {"access_key": "testing", "secret_key": "testing"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint():
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


@pytest.fixture
def bucket(s3_endpoint, settings):
    storage, origins = media_storage(
        {"AWS_STORAGE_BUCKET_NAME": BUCKET, "AWS_S3_ENDPOINT_URL": s3_endpoint}
    )
    assert origins == [s3_endpoint]  # what the Content-Security-Policy lets images load from
    storage["OPTIONS"].update(KEYS, region_name="us-east-1")
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    client.create_bucket(Bucket=BUCKET)
    # As the README asks of a production bucket: anyone may read (readers load photos).
    client.put_bucket_policy(Bucket=BUCKET, Policy=json.dumps(PUBLIC_READ))
    settings.STORAGES = {**settings.STORAGES, "default": storage}
    yield client
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


def keys(client) -> set[str]:
    return {item["Key"] for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])}


def photo_from(colour) -> Photo:
    cleaned = clean_photo(exif_jpeg(colour=colour))
    return Photo.objects.create(
        file=ContentFile(cleaned.data, name=cleaned.name), caption="جنود", alt_text="جنود"
    )


@pytest.mark.django_db
def test_photos_and_renditions_live_in_the_bucket_and_pages_point_there(
    bucket, s3_endpoint, client, django_capture_on_commit_callbacks
):
    photo = photo_from((200, 60, 40))
    stored = keys(bucket)
    assert photo.file.name in stored
    assert {e[2] for e in photo.renditions["widths"]} <= stored  # made once, at save
    assert photo.renditions["og"][2] in stored
    head = bucket.head_object(Bucket=BUCKET, Key=photo.renditions["og"][2])
    assert head["CacheControl"] == CACHE_FOREVER and head["ContentLength"] > 0

    story = make_article("قصة بصورة على التخزين السحابي", body=[])
    Image.objects.create(article=story, photo=photo, caption="جنود في الموصل")
    html = client.get(story.get_absolute_url()).content.decode()
    webp = f"{s3_endpoint}/{BUCKET}/{photo.renditions['widths'][0][2]}"
    assert webp in html
    og = f"{s3_endpoint}/{BUCKET}/{photo.renditions['og'][2]}"
    assert f'<meta property="og:image" content="{og}">' in html
    with urllib.request.urlopen(og) as response:  # what a reader's browser gets
        assert response.headers["Content-Type"] == "image/jpeg"
        assert not opened(response.read()).getexif()

    # A new file: the old original and renditions leave the bucket, nobody uses them.
    old = stored
    cleaned = clean_photo(exif_jpeg(colour=(10, 10, 200)))
    photo.file = ContentFile(cleaned.data, name=cleaned.name)
    with django_capture_on_commit_callbacks(execute=True):
        photo.save()
    now = keys(bucket)
    assert photo.file.name in now and not old & now


def test_local_files_unless_a_bucket_is_named():
    assert media_storage({}) == (
        {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        [],
    )
    storage, origins = media_storage(
        {"AWS_STORAGE_BUCKET_NAME": "b", "AWS_S3_CUSTOM_DOMAIN": "photos.example"}
    )
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    assert storage["OPTIONS"]["querystring_auth"] is False
    assert origins == ["https://photos.example"]
    _, origins = media_storage({"AWS_STORAGE_BUCKET_NAME": "b", "AWS_S3_REGION_NAME": "eu-west-1"})
    assert origins == ["https://b.s3.amazonaws.com", "https://b.s3.eu-west-1.amazonaws.com"]
