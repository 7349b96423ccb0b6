from django.core.files.storage import FileSystemStorage, storages


class PrivateFileSystemStorage(FileSystemStorage):
    """Local private files: they have no URL at all, so nothing can link to them directly."""

    def url(self, name):
        # NotImplementedError is what storages without URLs raise; Wagtail's document
        # serve view expects it and then streams the file itself.
        raise NotImplementedError(
            "Private files have no URL; serve them through a view that checks access."
        )


def private_storage():
    """The storage for files that only a permission-checking view may hand out."""
    return storages["private"]
