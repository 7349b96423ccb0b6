"""The participant's own pages: "My programme" and marking modules done.

Module and programme pages render themselves (see courses.models.pages); access is
decided in courses.rules.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import SimpleLazyObject
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.models import Locale

from courses import rules as access
from courses.models import Membership, ModulePage
from learninglab import pagecache


def _get_membership_for_user(request, memberships):
    """The membership asked for with ?programme=<id>, else the one to show first (or None).

    Only the person's own programmes can be asked for: any other id is a 404.
    """
    wanted = request.GET.get("programme")
    if wanted is None:
        return memberships[0] if memberships else None
    for membership in memberships:
        if str(membership.programme_id) == wanted:
            return membership
    raise Http404


@login_required
def my_programme(request):
    """A participant's programme: this week, every module in order, and their progress."""
    memberships = Membership.objects.for_person(request.user)
    membership = _get_membership_for_user(request, memberships)
    if membership is None:
        return render(request, "courses/my_programme.html", {"memberships": []})
    programme = membership.programme
    # The page's programme and module part is cached per person until their progress,
    # the date or any published page changes; the overview is only built on a miss.
    done = programme.done_module_ids(request.user)
    locale = Locale.get_active()
    overview = SimpleLazyObject(lambda: programme.overview_for(request.user, locale, done=done))
    overview_key = "{}:{}:{}".format(
        programme.today().isoformat(), pagecache.generation(), ",".join(map(str, sorted(done)))
    )
    return render(
        request,
        "courses/my_programme.html",
        {
            "memberships": memberships,
            "membership": membership,
            "programme": programme,
            "overview": overview,
            "overview_key": overview_key,
            "other_memberships": [m for m in memberships if m is not membership],
            "is_participant": membership.is_participant,
        },
    )


@require_POST
def module_progress(request, module_id):
    """Mark a module done (done=1) or not done (done=0), then go back where the form was.

    Only the programme's students and residents follow modules; anyone else gets a 404.
    """
    module = get_object_or_404(ModulePage.objects.live(), pk=module_id)
    if not access.can_mark_module_done(request.user, module.programme):
        raise Http404
    if request.POST.get("done") == "1":
        module.mark_done(request.user)
        messages.success(request, _("“%(title)s” is marked as done.") % {"title": module.title})
    else:
        module.mark_not_done(request.user)
        messages.success(
            request, _("“%(title)s” is no longer marked as done.") % {"title": module.title}
        )
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = module.get_url(request)
    return redirect(target)
