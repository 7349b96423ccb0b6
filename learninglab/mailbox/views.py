"""The development mailbox: read the emails the site would have sent."""

from csp.constants import SELF
from csp.decorators import csp_update
from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.clickjacking import xframe_options_sameorigin

from .store import Mailbox, MailboxMessage

# An email's HTML is foreign content: no scripts, no forms, no requests out, and
# only our own mailbox page may frame it.
HTML_PART_POLICY = (
    "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'; frame-ancestors 'self'"
)


def _mailbox() -> Mailbox:
    if not getattr(settings, "MAILBOX_ENABLED", False):
        raise Http404
    return Mailbox(getattr(settings, "EMAIL_FILE_PATH", None) or settings.MAILBOX_DIR)


def _get_message(name: str, index: int) -> MailboxMessage:
    message = _mailbox().get(name, index)
    if message is None:
        raise Http404
    return message


@never_cache
def message_list(request):
    mailbox = _mailbox()
    return render(
        request,
        "mailbox/message_list.html",
        {"mails": mailbox.messages(), "directory": mailbox.directory.name},
    )


@never_cache
@csp_update({"frame-src": [SELF]})
def message_detail(request, name, index):
    return render(request, "mailbox/message_detail.html", {"mail": _get_message(name, index)})


@never_cache
@xframe_options_sameorigin
def message_html(request, name, index):
    html = _get_message(name, index).html
    if not html:
        raise Http404
    response = HttpResponse(html, content_type="text/html; charset=utf-8")
    response["Content-Security-Policy"] = HTML_PART_POLICY
    return response
