from learninglab import privacy

from .models import SiteDocument


def export_documents(user):
    return list(SiteDocument.objects.filter(uploaded_by_user=user).values("title", "created_at"))


# Documents belong to the site; their uploader link points at the anonymised account,
# which identifies no one once the account is erased.
privacy.register(
    "home.documents", models=[SiteDocument], export=export_documents, erase=lambda user: None
)
