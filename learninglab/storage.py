from django.core.files.storage import storages


def private_storage():
    """The storage for files that only a permission-checking view may hand out."""
    return storages["private"]
