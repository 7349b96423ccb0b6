"""Create the "Site editors" group: the people who edit the public site in Wagtail.

They get page permissions from the root page, so every language's home page and
everything below it, and may manage images and documents. Programme and module pages
stay hidden from them by courses.wagtail_hooks unless they coordinate that programme.
"""

from django.db import migrations

SITE_EDITORS = "Site editors"
PAGE_ACTIONS = ["add", "change", "publish", "lock", "unlock"]
MEDIA_ACTIONS = ["add", "change", "delete", "choose"]


def _permission(apps, app_label, model, action):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    # On a fresh database Django creates model permissions only after all migrations.
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename=f"{action}_{model}",
        defaults={"name": f"Can {action} {model}"},
    )
    return permission


def create_site_editors(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    group, _ = Group.objects.get_or_create(name=SITE_EDITORS)
    group.permissions.add(_permission(apps, "wagtailadmin", "admin", "access"))

    root_page = Page.objects.get(depth=1)
    for action in PAGE_ACTIONS:
        GroupPagePermission.objects.get_or_create(
            group=group, page=root_page, permission=_permission(apps, "wagtailcore", "page", action)
        )

    # Wagtail checks image and document permissions on its own base models, also for a
    # custom document model such as ours.
    root_collection = Collection.objects.get(depth=1)
    for app_label, model in [("wagtailimages", "image"), ("wagtaildocs", "document")]:
        for action in MEDIA_ACTIONS:
            GroupCollectionPermission.objects.get_or_create(
                group=group,
                collection=root_collection,
                permission=_permission(apps, app_label, model, action),
            )


def remove_site_editors(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=SITE_EDITORS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0002_coordinator_groups"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(create_site_editors, remove_site_editors)]
