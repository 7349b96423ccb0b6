from learninglab import privacy

from .models import EventRegistration, SiteDocument


def export_documents(user):
    return [
        {"title": document.title, "uploaded_at": document.created_at.isoformat()}
        for document in SiteDocument.objects.filter(uploaded_by_user=user)
    ]


# Documents belong to the site; their uploader link points at the anonymised account,
# which identifies no one once the account is erased.
privacy.register(
    "home.documents", models=[SiteDocument], export=export_documents, erase=lambda user: None
)


def export_event_registrations(user):
    return [
        {
            "event": registration.event.title,
            "name": registration.name,
            "email": registration.email,
            "remarks": registration.remarks,
            "status": registration.status,
            "registered_at": registration.created_at.isoformat(),
        }
        for registration in EventRegistration.objects.of_person(user).select_related("event")
    ]


def erase_event_registrations(user):
    """Give up the person's places (the waiting list moves up), then forget them."""
    from home import events

    registrations = EventRegistration.objects.of_person(user)
    for registration in registrations.active().select_related("event"):
        events.cancel(registration)
    registrations.delete()


# Registrations are found by account and by each of the person's email addresses: a
# visitor may have registered before making an account (EventRegistrationQuerySet.of_person).
privacy.register(
    "home.event_registrations",
    models=[EventRegistration],
    export=export_event_registrations,
    erase=erase_event_registrations,
)
