"""The Wagtail admin's user screens, for our user model.

Wagtail's user forms assume a username and first and last names; ours has an email
login, one display name and a preferred language.
"""

from django.utils.functional import cached_property
from wagtail.users import forms as wagtail_forms
from wagtail.users.views import users as wagtail_users

from .models import User

ADMIN_FIELDS = ["email", "display_name", "preferred_language", "is_superuser", "groups"]


class _EmailLoginMixin:
    first_name = None
    last_name = None

    def clean_email(self):
        # allauth stores addresses in lower case; the admin must not create a twin.
        return self.cleaned_data["email"].lower()


class AdminUserCreationForm(_EmailLoginMixin, wagtail_forms.UserCreationForm):
    class Meta(wagtail_forms.UserCreationForm.Meta):
        model = User
        fields = ADMIN_FIELDS


class AdminUserEditForm(_EmailLoginMixin, wagtail_forms.UserEditForm):
    class Meta(wagtail_forms.UserEditForm.Meta):
        model = User
        fields = [*ADMIN_FIELDS, "is_active"]


class UserIndexView(wagtail_users.IndexView):
    @cached_property
    def search_fields(self):
        return ["email", "display_name"]


class UserViewSet(wagtail_users.UserViewSet):
    index_view_class = UserIndexView

    def get_form_class(self, for_update=False):
        return AdminUserEditForm if for_update else AdminUserCreationForm
