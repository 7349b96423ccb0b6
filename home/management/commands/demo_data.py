"""`manage.py demo_data`: one complete demo programme with its pages and people."""

from urllib.parse import urljoin

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from home.demo import people
from home.demo.build import DemoError, build


class Command(BaseCommand):
    help = (
        "Create or update the demo: site pages, a twelve-week programme in Dutch and "
        "English, and demo accounts. Safe to run again; refused in production."
    )

    def handle(self, *args, **options):
        if not getattr(settings, "DEMO_DATA_ALLOWED", False):
            raise CommandError(
                "Demo data is switched off in these settings (DEMO_DATA_ALLOWED = False). "
                "It creates accounts with a published password, so it never runs in "
                "production; use the development settings for a demo."
            )
        try:
            demo = build()
        except DemoError as error:
            raise CommandError(str(error)) from error
        self._summary(demo)

    def _summary(self, demo):
        base = settings.WAGTAILADMIN_BASE_URL

        def url(page):
            return urljoin(base, page.get_url())

        programme = demo.programme["nl"]
        week = programme.current_week()
        write = self.stdout.write
        write(self.style.SUCCESS(f"Demo ready: {programme.title}"))
        write(
            f"  {programme.weeks} weeks from Monday {programme.start_date:%d %B %Y}"
            + (f", now in week {week}." if week else ".")
        )
        write(f"  Site:       {url(demo.home['nl'])}  ·  {url(demo.home['en'])}")
        write(f"  Programme:  {url(programme)}  ·  {url(demo.programme['en'])}")
        write(f"  Admin:      {urljoin(base, '/admin/')}")
        write(f'  Sign in with password "{people.PASSWORD}" as:')
        for person in people.PERSONAS:
            write(f"    {person.email:<26} {person.display_name} ({person.role})")
        write(f"    {people.ADMIN_EMAIL:<26} superuser")
        write(f"  {len(demo.users)} people in the programme, 12 modules in nl and en.")
        write(
            f"  {demo.reminders_sent} reminders sent now, more as the worker and beat run: "
            f"{urljoin(base, '/nl/notifications/')} and {urljoin(base, '/dev/mailbox/')}"
        )
