"""Where an image's files live.

Originals (the full-size upload) are in the default storage: on object storage they are
private, and their URLs are signed and expire, so nobody reaches the full picture of a
flagged image by guessing an address. Renditions (resized copies, the thumbnail and the
blurred stand-in) are in the "renditions" storage under ``renditions/``: public, and what
every page shows. On local disk both are the same folder, MEDIA_ROOT.
"""

import json

from django.core.files.storage import default_storage, storages

RENDITIONS_DIR = "renditions"


def rendition_storage():
    return storages["renditions"]


def storage_for(name):
    """The storage a stored file name belongs to (an original or a rendition)."""
    return rendition_storage() if name.startswith(f"{RENDITIONS_DIR}/") else default_storage


def public_renditions_policy(bucket):
    """A bucket policy letting anyone read renditions, and nothing else."""
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "PublicRenditions",
                "Effect": "Allow",
                "Principal": "*",
                "Action": ["s3:GetObject"],
                "Resource": [f"arn:aws:s3:::{bucket}/{RENDITIONS_DIR}/*"],
            }
        ],
    }


def prepare_bucket():
    """Create the media bucket if missing and let the public read renditions only.

    Returns what was done, for the management command to report.
    """
    storage = default_storage
    client = storage.connection.meta.client
    bucket = storage.bucket_name
    done = []
    existing = {found["Name"] for found in client.list_buckets().get("Buckets", [])}
    if bucket not in existing:
        client.create_bucket(Bucket=bucket)
        done.append(f"created bucket {bucket}")
    client.put_bucket_policy(Bucket=bucket, Policy=json.dumps(public_renditions_policy(bucket)))
    done.append(f"renditions/ readable by anyone in {bucket}; originals private")
    return done
