import json

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.serializers.json import DjangoJSONEncoder

from courses.models import Invitation, ModuleProgress, Role
from learninglab import privacy
from tests.factories import UserFactory, enrol, make_programme

OUR_APPS = {"learninglab", "accounts", "courses", "prototypes", "home"}


def test_every_model_pointing_at_a_person_is_in_the_registry():
    user_model = get_user_model()
    pointing = {
        model
        for model in apps.get_models()
        if model._meta.app_label in OUR_APPS
        and any(
            field.is_relation
            and field.related_model is user_model
            and field.concrete
            # Fields Wagtail defines (a page's owner) are Wagtail's to handle.
            and field.model._meta.app_label in OUR_APPS
            for field in model._meta.get_fields()
        )
    }
    pointing.add(user_model)
    missing = pointing - privacy.covered_models()
    assert not missing, f"Register these in a privacy.py: {sorted(m.__name__ for m in missing)}"


@pytest.mark.django_db
def test_export_holds_the_persons_data_and_is_json():
    programme = make_programme(modules=2)
    person = UserFactory(email="sam@example.org", display_name="Sam de Vries")
    EmailAddress.objects.create(user=person, email=person.email, verified=True, primary=True)
    enrol(person, programme, Role.RESIDENT)
    ModuleProgress.objects.create(user=person, module=programme.get_children().first().specific)
    Invitation.objects.create(
        programme=programme, email=person.email, name="Sam", role=Role.RESIDENT
    )

    exported = json.loads(json.dumps(privacy.export_person(person), cls=DjangoJSONEncoder))

    assert exported["accounts.user"]["email"] == "sam@example.org"
    assert exported["courses.memberships"][0]["role"] == "resident"
    assert len(exported["courses.progress"]) == 1
    assert exported["courses.invitations"][0]["email"] == "sam@example.org"


@pytest.mark.django_db
def test_erasure_leaves_no_email_or_name_behind():
    programme = make_programme(modules=1)
    person = UserFactory(email="sam@example.org", display_name="Sam de Vries")
    EmailAddress.objects.create(user=person, email=person.email, verified=True, primary=True)
    enrol(person, programme, Role.RESIDENT)
    Invitation.objects.create(
        programme=programme, email=person.email, name="Sam de Vries", role=Role.RESIDENT
    )

    privacy.erase_person(person)

    person.refresh_from_db()
    assert not person.is_active
    assert not person.has_usable_password()
    assert not get_user_model().objects.filter(email="sam@example.org").exists()
    assert not EmailAddress.objects.filter(email="sam@example.org").exists()
    assert not Invitation.objects.filter(email="sam@example.org").exists()
    assert not get_user_model().objects.filter(display_name="Sam de Vries").exists()
