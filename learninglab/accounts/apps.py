from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig


class AccountsConfig(AppConfig):
    default = True
    name = "learninglab.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        # Registers the background job that packs a person's download of their data.
        from learninglab.accounts import personal_data  # noqa: F401


class WagtailUsersConfig(WagtailUsersAppConfig):
    """Stands in for `wagtail.users` in INSTALLED_APPS, with our user screens."""

    default = False
    user_viewset = "learninglab.accounts.viewsets.UserViewSet"
