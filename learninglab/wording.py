"""Interface strings of allauth and Django that our Dutch catalogue words itself.

Nothing imports this module: `makemessages` reads it, so these msgids land in
`locale/nl/LC_MESSAGES/django.po`, and a project catalogue wins over the ones that
packages ship. We use that where their Dutch says "aanmelden" and "registreren" for
what the rest of the site calls "inloggen" and "account aanmaken", addresses people
as "u" where we say "je", or is missing (Django 5.2 changed the password-length
messages without a Dutch translation). Keep the msgids exactly as the packages write
them, curly apostrophes included, or the override silently stops applying.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

ALLAUTH = [
    gettext_noop("Sign In"),
    gettext_noop("Sign Up"),
    gettext_noop("Signup"),
    gettext_noop("Sign Out"),
    gettext_noop("Are you sure you want to sign out?"),
    gettext_noop("You have signed out."),
    gettext_noop(
        "If you have not created an account yet, then please %(link)ssign up%(end_link)s first."
    ),
    gettext_noop("Already have an account? Then please %(link)ssign in%(end_link)s."),
    gettext_noop("Remember Me"),
    gettext_noop("Reset My Password"),
    gettext_noop("Please contact us if you have any trouble resetting your password."),
    gettext_noop(
        "We have sent you an email. If you have not received it please check your spam "
        "folder. Otherwise contact us if you do not receive it in a few minutes."
    ),
    gettext_noop("Set Password"),
    gettext_noop("Password successfully changed."),
    gettext_noop("Confirmation email sent to %(email)s."),
    gettext_noop("You have confirmed %(email)s."),
]

DJANGO_PASSWORDS = [
    gettext_noop("Your password can’t be too similar to your other personal information."),
    gettext_noop("Your password can’t be a commonly used password."),
    gettext_noop("Your password can’t be entirely numeric."),
    ngettext_lazy(
        "Your password must contain at least %(min_length)d character.",
        "Your password must contain at least %(min_length)d characters.",
        "min_length",
    ),
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        "min_length",
    ),
]
