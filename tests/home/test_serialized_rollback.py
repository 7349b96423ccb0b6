import pytest
from wagtail.models import Site


@pytest.mark.django_db(transaction=True)
def test_a_transactional_test_sees_the_migrated_site():
    assert Site.objects.get(is_default_site=True).root_page.slug == "home"


@pytest.mark.django_db
def test_the_site_is_still_there_after_a_transactional_test():
    assert Site.objects.get(is_default_site=True).root_page.slug == "home"
