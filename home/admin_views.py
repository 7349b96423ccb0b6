"""The admin's team chooser for brochure showcases: only the teams the editor manages."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import chooser as chooser_views
from wagtail.admin.viewsets.chooser import ChooserViewSet

from prototypes.models import Team


class ManageableTeams:
    """Every list and lookup of the chooser goes through `Team.objects.manageable_by`:
    a coordinator sees their programmes' teams, never another programme's."""

    def get_object_list(self):
        return Team.objects.manageable_by(self.request.user).select_related("programme")

    def get_object(self, pk):
        return self.get_object_list().get(pk=pk)

    @property
    def columns(self):
        return [*super().columns, Column("programme", label=_("programme"))]


class TeamChooseView(ManageableTeams, chooser_views.ChooseView):
    pass


class TeamChooseResultsView(ManageableTeams, chooser_views.ChooseResultsView):
    pass


class TeamChosenView(ManageableTeams, chooser_views.ChosenView):
    pass


class TeamChooserViewSet(ChooserViewSet):
    model = Team
    icon = "group"
    choose_one_text = _("Choose a team")
    choose_another_text = _("Choose another team")
    edit_item_text = _("Edit this team")
    page_title = _("Choose a team")
    choose_view_class = TeamChooseView
    choose_results_view_class = TeamChooseResultsView
    chosen_view_class = TeamChosenView
    ordering = ["name"]
    register_widget = False


team_chooser_viewset = TeamChooserViewSet("brochure_team_chooser", url_prefix="brochures/teams")
