"""A person's consent and publication page, and the quotes they offer from their own
reflections.

Consent is kept in `learninglab.consent`; this app knows the person's programmes and
reflections, so the pages live here. Everything is the signed-in person's own: a
consent, quote, programme or reflection of anyone else is a 404.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from courses.models import Membership, ProgrammePage
from learninglab import consent as consents
from learninglab.consent import Consent
from prototypes.forms_consent import ConsentForm, QuoteForm
from prototypes.models import Quote, Reflection
from prototypes.models.reflections import find_period
from prototypes.views_reflections import _get_team_to_reflect_in

BROCHURE = Consent.Purpose.BROCHURE


@dataclass
class ProgrammeConsent:
    """One of the person's programmes on their page: the consent in force, if any, and
    the form to give it."""

    programme: ProgrammePage
    consent: Consent | None
    form: ConsentForm


def _consent_page(request, *, bound_form=None, bound_programme_id=None):
    """The page, with `bound_form` (a give form with errors) under its programme.
    The same five queries however many programmes, consents and quotes."""
    memberships = Membership.objects.for_person(request.user)
    history = list(Consent.objects.filter(user=request.user))
    programmes = {membership.programme_id: membership.programme for membership in memberships}
    # A consent outlives the membership that led to it: its history still needs a clock.
    missing = {consent.programme_id for consent in history} - programmes.keys()
    programmes.update(ProgrammePage.objects.in_bulk(missing) if missing else {})
    active = {
        consent.programme_id: consent
        for consent in history
        if consent.is_active and consent.purpose == BROCHURE
    }
    rows = [
        ProgrammeConsent(
            programme=programmes[programme_id],
            consent=active.get(programme_id),
            form=(
                bound_form
                if programme_id == bound_programme_id
                else ConsentForm(prefix=f"programme-{programme_id}")
            ),
        )
        for programme_id in dict.fromkeys(m.programme_id for m in memberships)
    ]
    for consent in history:
        consent.programme_page = programmes.get(consent.programme_id)
    quotes = list(
        Quote.objects.offered().filter(author=request.user).select_related("team", "reflection")
    )
    for quote in quotes:
        quote.is_published = quote.team.programme_id in active
    return render(
        request,
        "prototypes/consent.html",
        {
            "rows": rows,
            "history": history,
            "quotes": quotes,
            "wording": consents.wording(BROCHURE, get_language()),
            "bound_form": bound_form,
        },
        status=400 if bound_form is not None else 200,
    )


@login_required
def consent_page(request):
    """For each of the person's programmes, what may be published about them and their
    consent to it; the history of their consents; the quotes they offered."""
    return _consent_page(request)


def _get_programme_for_user(user, programme_id) -> ProgrammePage:
    """One of the person's own (published) programmes; a 404 for any other."""
    for membership in Membership.objects.for_person(user):
        if membership.programme_id == programme_id:
            return membership.programme
    raise Http404


@require_POST
@login_required
def consent_give(request, programme_id):
    """Give consent for the brochures of one of the person's programmes, with the
    wording shown in the language of the page. Only with the box ticked."""
    programme = _get_programme_for_user(request.user, programme_id)
    form = ConsentForm(request.POST, prefix=f"programme-{programme.pk}")
    if not form.is_valid():
        return _consent_page(request, bound_form=form, bound_programme_id=programme.pk)
    consents.give(request.user, BROCHURE, programme, language=get_language())
    messages.success(
        request,
        _("Thank you. Your consent for the brochures of %(programme)s is recorded.")
        % {"programme": programme.title},
    )
    return redirect("prototypes:consent")


def _when(moment, programme) -> str:
    """A moment as the person reads it: on their programme's clock, in their language."""
    zone = programme.zone if programme is not None else timezone.get_current_timezone()
    return formats.date_format(timezone.localtime(moment, zone), "j F Y, H:i")


@login_required
def consent_withdraw(request, consent_id):
    """Ask, then withdraw one of the person's consents. Saying what happens: they are
    taken off the pages at once and out of every brochure not yet printed."""
    consent = get_object_or_404(Consent.objects.filter(user=request.user), pk=consent_id)
    programme = ProgrammePage.objects.filter(pk=consent.programme_id).first()
    if not consent.is_active:
        messages.info(
            request,
            _("You had already withdrawn this consent, on %(date)s. Nothing has changed.")
            % {"date": _when(consent.withdrawn_at, programme)},
        )
        return redirect("prototypes:consent")
    if request.method == "POST":
        consents.withdraw(consent)
        messages.success(
            request,
            _(
                "Your consent is withdrawn. Your name and quotes are taken off the website "
                "now, and out of every brochure that has not been printed yet."
            ),
        )
        return redirect("prototypes:consent")
    return render(
        request,
        "prototypes/consent_withdraw.html",
        {"consent": consent, "programme": programme},
    )


@require_POST
@login_required
def quote_withdraw(request, quote_id):
    """Take back one of the person's quotes: it is no longer published anywhere."""
    quote = get_object_or_404(Quote.objects.filter(author=request.user), pk=quote_id)
    if quote.withdraw():
        messages.success(
            request,
            _(
                "Your quote is withdrawn: it is taken off the website and out of every "
                "brochure that has not been printed yet."
            ),
        )
    else:
        messages.info(request, _("You had already withdrawn this quote. Nothing has changed."))
    return redirect(reverse("prototypes:consent") + "#quotes")


@login_required
def quote_offer(request, team_id, kind, period):
    """Offer an excerpt of the person's own reflection for publication: prefilled with
    one of their answers (?answer=<n>), which they may shorten."""
    team = _get_team_to_reflect_in(request.user, team_id)
    found = find_period(team, kind, period)
    if found is None:
        raise Http404
    reflection = get_object_or_404(
        Reflection.objects.filter(author=request.user, team=team),
        kind=found.kind,
        period=found.number,
    )
    answers = [item.get("answer", "") for item in reflection.answers]
    chosen = _chosen_answer(request.GET.get("answer"), answers)
    quote = Quote(author=request.user, team=team, reflection=reflection)
    form = QuoteForm(
        request.POST or None,
        instance=quote,
        initial={"text": answers[chosen].strip() if chosen is not None else ""},
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        if consents.consenting_user_ids(BROCHURE, team.programme_id, [request.user.pk]):
            messages.success(
                request,
                _(
                    "Your quote is offered. It can appear in the brochures of your programme "
                    "for as long as your consent is given."
                ),
            )
        else:
            messages.warning(
                request,
                _(
                    "Your quote is saved, but it will not be published unless you give your "
                    "consent for the brochures of your programme below."
                ),
            )
        return redirect(reverse("prototypes:consent") + "#quotes")
    return render(
        request,
        "prototypes/quote_form.html",
        {
            "team": team,
            "period": found,
            "reflection": reflection,
            "form": form,
            "choices": [
                (index, item.get("prompt", ""))
                for index, item in enumerate(reflection.answers)
                if item.get("answer", "").strip()
            ],
            "chosen": chosen,
        },
        status=400 if form.errors else 200,
    )


def _chosen_answer(wanted, answers) -> int | None:
    """The answer to prefill: the one asked for if it exists and says something, else
    the first that does (a tampered number falls back rather than fails)."""
    filled = [index for index, answer in enumerate(answers) if answer.strip()]
    if wanted is not None and wanted.isdigit() and int(wanted) in filled:
        return int(wanted)
    return filled[0] if filled else None
