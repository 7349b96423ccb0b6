"""What a team has to hand in: every deliverable of its programme's live modules, with
its due date and whether the team's work already completes it.

A deliverable block names what completes it (`completed_by`); the rules are:

- "iteration": an iteration of the team submitted at any time since the module began
  (a late submission still completes it);
- "canvas": the team's canvas is filled in (`Prototype.is_filled`), whenever that was;
- "file": evidence uploaded to any of the team's iterations since the module began;
- "reflection": a current member of the team wrote a reflection (weekly, mid-term or
  final) for a week of the module.

A deliverable that is not done is overdue once its due date has passed in the
programme's time zone, and open before that.
"""

import datetime
from dataclasses import dataclass, field

from django.db import models
from django.db.models import Exists, Max, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from courses.models import ModulePage
from prototypes.models import Iteration, Prototype, Reflection, TeamMember


class DeliverableState(models.TextChoices):
    DONE = "done", _("Done")
    OPEN = "open", _("Open")
    OVERDUE = "overdue", _("Overdue")


@dataclass
class TeamDeliverable:
    """One deliverable block of a module, as it stands for one team."""

    title: str
    module: ModulePage  # the default-locale module: its week and dates
    page: ModulePage  # the module to show and link: the translation, if there is one
    due_date: datetime.date
    completed_by: str
    state: str

    @property
    def state_label(self):
        return DeliverableState(self.state).label

    @property
    def is_pending(self):
        """Still to do: open or overdue."""
        return self.state in (DeliverableState.OPEN, DeliverableState.OVERDUE)


def _module_start(module, programme) -> datetime.datetime:
    """The first moment of the module's first day where the programme runs."""
    return datetime.datetime.combine(module.start_date, datetime.time.min, tzinfo=programme.zone)


@dataclass
class TeamWork:
    """What a team has handed in, as far as deliverables go: its latest submission and
    upload, whether its canvas is filled, and the programme weeks its current members
    reflected on."""

    submitted: datetime.datetime | None = None
    uploaded: datetime.datetime | None = None
    canvas_filled: bool = False
    reflected_weeks: set[int] = field(default_factory=set)


def is_done(completed_by, module, programme, work) -> bool:
    """Whether the team's `work` completes a deliverable of `module` (the rules are in
    the module docstring). No query."""
    start = _module_start(module, programme)
    return {
        "iteration": work.submitted is not None and work.submitted >= start,
        "file": work.uploaded is not None and work.uploaded >= start,
        "canvas": work.canvas_filled,
        "reflection": any(module.week <= week <= module.end_week for week in work.reflected_weeks),
    }.get(completed_by, False)


def work_of_teams(team_ids) -> dict[int, TeamWork]:
    """The `TeamWork` of each team, for many teams at once: three queries however many
    teams (latest submission and upload, canvases, reflected weeks)."""
    work = {team_id: TeamWork() for team_id in team_ids}
    latest = (
        Iteration.objects.filter(prototype__team_id__in=work)
        .values("prototype__team_id")
        .annotate(submitted=Max("submitted_at"), uploaded=Max("evidence__uploaded_at"))
    )
    for row in latest:
        team_work = work[row["prototype__team_id"]]
        team_work.submitted, team_work.uploaded = row["submitted"], row["uploaded"]
    for prototype in Prototype.objects.filter(team_id__in=work):
        work[prototype.team_id].canvas_filled = prototype.is_filled
    by_current_member = TeamMember.objects.current().filter(
        team_id=OuterRef("team_id"), user_id=OuterRef("author_id")
    )
    reflected = (
        Reflection.objects.filter(team_id__in=work)
        .filter(Exists(by_current_member))
        .exclude(kind=Reflection.Kind.CONTINUATION)
        .values_list("team_id", "period")
        .distinct()
    )
    for team_id, week in reflected:
        work[team_id].reflected_weeks.add(week)
    return work


def live_modules_of(programmes) -> list[ModulePage]:
    """The live modules of these programmes, each with its `programme` set. One query
    however many programmes."""
    by_path = {programme.path: programme for programme in programmes}
    children = Q(pk__in=[])
    for programme in programmes:
        children |= Q(path__startswith=programme.path, depth=programme.depth + 1)
    modules = list(ModulePage.objects.live().filter(children).order_by("path"))
    for module in modules:
        module.programme = by_path[module.path[: -ModulePage.steplen]]
    return modules


def translations_of(modules) -> dict:
    """{(translation key, language code): module} of these modules in every language.
    One query."""
    pages = ModulePage.objects.live().filter(
        translation_key__in={module.translation_key for module in modules}
    )
    return {
        (page.translation_key, page.locale.language_code): page
        for page in pages.select_related("locale")
    }


def _translated_titles(modules) -> tuple[dict, dict]:
    """Deliverable titles from the modules' translations in the active language, by block
    id (translations keep their source's block ids). One query for the locale, and one
    more for the pages only when the active language is not the default."""
    active = Locale.get_active()
    if not modules or active.pk == modules[0].locale_id:
        return {}, {}
    titles, pages = {}, {}
    for page in ModulePage.objects.live().filter(
        locale=active, translation_key__in=[m.translation_key for m in modules]
    ):
        pages[page.translation_key] = page
        for block in page.body:
            if block.block_type == "deliverable":
                titles[block.id] = block.value["title"]
    return titles, pages


def deliverables_for(team) -> list[TeamDeliverable]:
    """Every deliverable of the team's programme's live modules, in week order, with its
    due date and state for the team.

    A fixed number of queries however many modules, iterations and reflections: the
    modules with their bodies (one), the active locale and its translations (one or
    two), the team's latest submission and upload (one), the weeks its members reflected
    on (one, only when a module asks for a reflection), and the prototype unless
    `team.prototype` is already loaded.
    """
    programme = team.programme
    modules = list(ModulePage.objects.child_of(programme).live().order_by("week", "path"))
    for module in modules:
        module.programme = programme
    titles, pages = _translated_titles(modules)
    latest = (
        team.prototype.iterations.aggregate(
            submitted=Max("submitted_at"), uploaded=Max("evidence__uploaded_at")
        )
        if hasattr(team, "prototype")
        else {"submitted": None, "uploaded": None}
    )
    canvas_filled = hasattr(team, "prototype") and team.prototype.is_filled
    today = programme.today()
    reflected_weeks = None  # read on the first deliverable that asks for a reflection

    work = TeamWork(latest["submitted"], latest["uploaded"], canvas_filled)
    deliverables = []
    for module in modules:
        for block, due in module.body_with_due_dates():
            if due is None:
                continue
            kind = block.value["completed_by"]
            if kind == "reflection" and reflected_weeks is None:
                reflected_weeks = Reflection.objects.programme_weeks_by_current_members(team)
                work.reflected_weeks = reflected_weeks
            if is_done(kind, module, programme, work):
                state = DeliverableState.DONE
            elif today > due:
                state = DeliverableState.OVERDUE
            else:
                state = DeliverableState.OPEN
            deliverables.append(
                TeamDeliverable(
                    title=titles.get(block.id, block.value["title"]),
                    module=module,
                    page=pages.get(module.translation_key, module),
                    due_date=due,
                    completed_by=kind,
                    state=state,
                )
            )
    return deliverables


def next_deliverable(deliverables):
    """The pending deliverable due first, or None."""
    pending = [d for d in deliverables if d.is_pending]
    return min(pending, key=lambda d: d.due_date) if pending else None
