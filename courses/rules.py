"""Who may see and do what in a programme: the one place where programme access is decided.

Roles come only from memberships, and memberships always point at the programme page
in the default locale. Every predicate here therefore accepts a programme page in any
locale and checks the default-locale page behind it.

Views, page types and Wagtail hooks call these predicates (or the matching permissions
registered at the bottom, for `user.has_perm(...)` and `{% has_perm %}`); querysets
such as `ProgrammePage.objects.manageable_by(user)` express the same rules for lists.
"""

import rules
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from courses.models import Membership, ModulePage, ProgrammePage, Role


def programme_roles(user) -> dict[int, str]:
    """The person's role per default-locale programme id.

    Costs one query the first time it is asked for a user object, then none: the
    answer is kept on that object, which in a request lives as long as the request.
    Membership changes clear it (see courses.signals).
    """
    if user is None or not user.is_authenticated:
        return {}
    roles = getattr(user, "_programme_roles", None)
    if roles is None:
        roles = dict(Membership.objects.filter(user=user).values_list("programme_id", "role"))
        user._programme_roles = roles
    return roles


def forget_programme_roles(user) -> None:
    """Drop the roles kept on this user object, after a membership changed."""
    user.__dict__.pop("_programme_roles", None)


def role_in(user, programme) -> str | None:
    """The person's role in the programme (a page in any locale), or None."""
    roles = programme_roles(user)
    if programme is None or not roles:
        return None  # Visitors and people without programmes cost no further query.
    return roles.get(programme.default_locale_page.pk)


def programme_of(page) -> ProgrammePage | None:
    """The programme a page belongs to (itself or its ancestor), in the page's locale."""
    if page is None:
        return None
    specific_class = page.specific_class
    if specific_class is not None and issubclass(specific_class, ProgrammePage):
        return page.specific
    return ProgrammePage.objects.programme_of(page)


@rules.predicate
def is_programme_member(user, programme) -> bool:
    """Any role in the programme: student, resident, coach or coordinator."""
    return role_in(user, programme) is not None


@rules.predicate
def is_programme_participant(user, programme) -> bool:
    """A student or resident of the programme: the people who follow the modules."""
    return role_in(user, programme) in Role.participants()


@rules.predicate
def is_programme_coordinator(user, programme) -> bool:
    return role_in(user, programme) == Role.COORDINATOR


can_manage_programme = rules.is_superuser | is_programme_coordinator
can_view_module_body = rules.is_superuser | is_programme_member
can_mark_module_done = is_programme_participant
# Creating a new run of the programme is the platform's owners' job; its coordinators
# then get it through their memberships.
can_add_programme = rules.is_superuser


@rules.predicate
def can_manage_page(user, page) -> bool:
    """May the person work on this page in the admin, as far as programmes go?

    Pages outside every programme are left to Wagtail's own page permissions; a
    programme page and its modules only to the programme's coordinators (in any locale).
    """
    programme = programme_of(page)
    return programme is None or can_manage_programme(user, programme)


def pages_hidden_in_admin(user) -> Q:
    """A filter for page querysets: the pages of programmes the person may not manage.

    Programme and module pages only ever live inside a programme, so their page types
    mark them; the programmes the person coordinates (in any locale) are let through.
    One query, for those programmes' paths.
    """
    if user.is_superuser:
        return Q(pk__in=[])
    content_types = ContentType.objects.get_for_models(ProgrammePage, ModulePage).values()
    hidden = Q(content_type__in=list(content_types))
    for path in ProgrammePage.objects.manageable_by(user).values_list("path", flat=True):
        hidden &= ~Q(path__startswith=path)
    return hidden


rules.add_perm("courses.manage_programme", can_manage_programme)
rules.add_perm("courses.view_module_body", can_view_module_body)
rules.add_perm("courses.mark_module_done", can_mark_module_done)
rules.add_perm("courses.add_programme", can_add_programme)
rules.add_perm("courses.manage_page", can_manage_page)
