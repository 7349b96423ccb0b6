"""Keep Wagtail admin access in step with coordinator memberships.

Connected in CoursesConfig.ready(). Memberships are the only source of programme roles;
a coordinator's admin access is derived from them here (see CoordinatorGroup).
"""

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from courses.models import CoordinatorGroup, Membership, ProgrammePage
from courses.rules import forget_programme_roles


@receiver(pre_save, sender=Membership)
def remember_previous_programme(sender, instance, raw=False, **kwargs):
    # A membership moved to another programme must also leave the old one's group.
    instance._previous_programme_id = None
    if instance.pk and not raw:
        instance._previous_programme_id = (
            Membership.objects.filter(pk=instance.pk).values_list("programme_id", flat=True).first()
        )


@receiver(post_save, sender=Membership)
@receiver(post_delete, sender=Membership)
def sync_coordinator_group(sender, instance, raw=False, **kwargs):
    if raw:
        return
    if "user" in instance._state.fields_cache:
        forget_programme_roles(instance.user)
    programme_ids = {instance.programme_id, getattr(instance, "_previous_programme_id", None)}
    for programme in ProgrammePage.objects.filter(pk__in=programme_ids - {None}):
        CoordinatorGroup.sync(programme)


@receiver(post_save, sender=ProgrammePage)
def sync_programme_translations(sender, instance, raw=False, created=False, **kwargs):
    """A new translation joins its programme's group; a new title renames the group."""
    if raw:
        return
    default = instance.default_locale_page
    if created and default.pk == instance.pk:
        return  # A brand-new programme has no coordinators yet.
    if CoordinatorGroup.objects.filter(programme=default).exists():
        CoordinatorGroup.sync(default)


@receiver(post_delete, sender=CoordinatorGroup)
def delete_group_with_programme(sender, instance, **kwargs):
    # The group only existed for the programme; without it, it would linger in the admin.
    from django.contrib.auth.models import Group

    Group.objects.filter(pk=instance.group_id).delete()
