from django.urls import path

from home import brochure_views

app_name = "brochures"

urlpatterns = [
    path("<int:page_id>/pdf/", brochure_views.download, name="pdf"),
    path("<int:page_id>/pdf/status/", brochure_views.status, name="pdf_status"),
]
