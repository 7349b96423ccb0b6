from django import template

from prototypes.models import Notification

register = template.Library()


@register.simple_tag
def unread_notifications(user):
    """How many of the person's notifications are unread; None for visitors.

    The header asks on every signed-in page, so it costs one query per request (kept
    on the user object for the rest of the request) and none for visitors, whose pages
    may be cached and shared (learninglab/pagecache.py).
    """
    if not user.is_authenticated:
        return None
    if not hasattr(user, "_unread_notifications"):
        user._unread_notifications = Notification.objects.for_user(user).unread().count()
    return user._unread_notifications
