"""Wagtail admin access that follows programme memberships."""

import functools
import operator

from django.contrib.auth.models import Group, Permission
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission

SITE_EDITORS = "Site editors"
COORDINATORS_PREFIX = "Coordinators · "
# What a coordinator may do to their programme page and every module below it.
COORDINATOR_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page"]
# Coordinators put images and documents into module bodies; they can edit their own.
# Wagtail checks these on its own base models, also for our custom document model.
COORDINATOR_MEDIA_PERMISSIONS = [
    ("wagtailimages", "add_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "choose_document"),
]


class CoordinatorGroup(models.Model):
    """The Wagtail group through which a programme's coordinators edit it in the admin.

    One group per programme, named "Coordinators · <title>", holding admin access and
    add/change/publish permission on the programme page (in every locale) and so on its
    modules. `sync()` keeps it in step with the coordinator memberships; changes made
    to the group by hand are overwritten at the next membership change.
    """

    programme = models.OneToOneField(
        "courses.ProgrammePage",
        on_delete=models.CASCADE,
        related_name="coordinator_group",
        verbose_name=_("programme"),
    )
    group = models.OneToOneField(
        Group, on_delete=models.CASCADE, related_name="+", verbose_name=_("group")
    )

    class Meta:
        verbose_name = _("coordinator group")
        verbose_name_plural = _("coordinator groups")

    def __str__(self):
        return self.group.name

    @classmethod
    @transaction.atomic
    def sync(cls, programme):
        """Make the programme's group match its coordinators and its translations.

        A group is only created once the programme has a coordinator. About a dozen
        queries; runs when memberships or programme pages are saved, never on a view.
        """
        from courses.models.memberships import Membership

        programme = programme.default_locale_page
        coordinator_ids = list(
            Membership.objects.coordinators()
            .filter(programme=programme)
            .values_list("user_id", flat=True)
        )
        link = cls.objects.select_related("group").filter(programme=programme).first()
        if link is None:
            if not coordinator_ids:
                return None
            link = cls(
                programme=programme, group=Group.objects.create(name=cls._name_for(programme))
            )
            link.save()
        group = link.group
        name = cls._name_for(programme, group)
        if group.name != name:
            group.name = name
            group.save(update_fields=["name"])
        group.permissions.add(
            Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
        )
        cls._sync_page_permissions(group, programme)
        collection = Collection.get_first_root_node()
        media_permissions = Permission.objects.filter(
            functools.reduce(
                operator.or_,
                (
                    models.Q(content_type__app_label=app_label, codename=codename)
                    for app_label, codename in COORDINATOR_MEDIA_PERMISSIONS
                ),
            )
        )
        for permission in media_permissions:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=collection, permission=permission
            )
        group.user_set.set(coordinator_ids)
        return link

    @staticmethod
    def _name_for(programme, group=None):
        """ "Coordinators · <title>", made unique when two programmes share a title."""
        max_length = Group._meta.get_field("name").max_length
        name = f"{COORDINATORS_PREFIX}{programme.title}"[:max_length]
        clash = Group.objects.filter(name=name)
        if group is not None:
            clash = clash.exclude(pk=group.pk)
        if clash.exists():
            suffix = f" ({programme.pk})"
            name = name[: max_length - len(suffix)] + suffix
        return name

    @staticmethod
    def _sync_page_permissions(group, programme):
        from courses.models.pages import ProgrammePage

        pages = ProgrammePage.objects.filter(translation_key=programme.translation_key)
        permissions = Permission.objects.filter(
            content_type__app_label="wagtailcore",
            content_type__model="page",
            codename__in=COORDINATOR_PAGE_PERMISSIONS,
        )
        wanted = {(page.pk, permission.pk) for page in pages for permission in permissions}
        existing = set(
            GroupPagePermission.objects.filter(group=group).values_list("page_id", "permission_id")
        )
        GroupPagePermission.objects.bulk_create(
            GroupPagePermission(group=group, page_id=page_id, permission_id=permission_id)
            for page_id, permission_id in wanted - existing
        )
        for page_id, permission_id in existing - wanted:
            GroupPagePermission.objects.filter(
                group=group, page_id=page_id, permission_id=permission_id
            ).delete()


def site_editors_group():
    """The group of people who edit the public site (created by a migration)."""
    return Group.objects.get(name=SITE_EDITORS)
