"""Where uploaded photos and their renditions are stored: Django's default storage.

Local files in ``MEDIA_ROOT`` unless ``AWS_STORAGE_BUCKET_NAME`` names a bucket; then
S3-compatible object storage through django-storages, which any number of app servers
share. Read from the environment by ``newsroom/settings.py``; nothing is contacted here.
"""

from urllib.parse import urlsplit

LOCAL = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
S3 = "storages.backends.s3.S3Storage"
# Names are content hashes: a name always holds the same bytes, so browsers and any CDN in
# front may keep a file for a year and never ask again.
CACHE_FOREVER = "public, max-age=31536000, immutable"


def media_storage(environ) -> tuple[dict, list[str]]:
    """The default storage's ``STORAGES`` entry, and the origins pages load photos from
    (for the Content-Security-Policy's ``img-src``; none beyond the site's own when local).

    Variables: ``AWS_STORAGE_BUCKET_NAME``; optional ``AWS_S3_ENDPOINT_URL`` (an
    S3-compatible service other than Amazon's: MinIO, Ceph, R2...), ``AWS_S3_REGION_NAME``,
    ``AWS_S3_CUSTOM_DOMAIN`` (a CDN in front of the bucket: the address photos are served
    from), ``AWS_LOCATION`` (a folder in the bucket), ``AWS_S3_ADDRESSING_STYLE``
    ("path" by default with an endpoint). Credentials are boto3's: ``AWS_ACCESS_KEY_ID`` and
    ``AWS_SECRET_ACCESS_KEY``, or the machine's role.
    """
    bucket = environ.get("AWS_STORAGE_BUCKET_NAME", "").strip()
    if not bucket:
        return LOCAL, []
    endpoint = environ.get("AWS_S3_ENDPOINT_URL", "").strip() or None
    region = environ.get("AWS_S3_REGION_NAME", "").strip() or None
    domain = environ.get("AWS_S3_CUSTOM_DOMAIN", "").strip() or None
    options = {
        "bucket_name": bucket,
        "endpoint_url": endpoint,
        "region_name": region,
        "custom_domain": domain,
        "location": environ.get("AWS_LOCATION", "").strip("/ "),
        "addressing_style": (
            environ.get("AWS_S3_ADDRESSING_STYLE") or ("path" if endpoint else None)
        ),
        # Published photos are public: plain addresses, no expiring signatures in pages
        # that are cached.
        "querystring_auth": False,
        "file_overwrite": True,
        "object_parameters": {"CacheControl": CACHE_FOREVER},
    }
    if domain:
        origins = [f"https://{domain}"]
    elif endpoint:
        parts = urlsplit(endpoint)
        origins = [f"{parts.scheme}://{parts.netloc}"]
    else:
        origins = [f"https://{bucket}.s3.amazonaws.com"]
        if region:
            origins.append(f"https://{bucket}.s3.{region}.amazonaws.com")
    return {"BACKEND": S3, "OPTIONS": options}, origins
