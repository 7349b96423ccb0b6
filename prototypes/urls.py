"""Team work, with a language prefix (see learninglab.urls)."""

from django.urls import path

from prototypes import (
    views,
    views_availability,
    views_calendar,
    views_cohort,
    views_consent,
    views_continuation,
    views_dashboard,
    views_evidence,
    views_feedback,
    views_iterations,
    views_notifications,
    views_preferences,
    views_reflections,
    views_reviews,
    views_sessions,
)

app_name = "prototypes"

urlpatterns = [
    path("teams/<int:team_id>/", views.team_workspace, name="team_workspace"),
    # Availability and planning a session at a time that suits the team
    # (prototypes.views_availability).
    path("availability/", views_availability.availability, name="availability"),
    path("availability/windows/new/", views_availability.window_edit, name="window_add"),
    path(
        "availability/windows/<int:window_id>/",
        views_availability.window_edit,
        name="window_edit",
    ),
    path(
        "availability/windows/<int:window_id>/delete/",
        views_availability.window_delete,
        name="window_delete",
    ),
    path("availability/exceptions/new/", views_availability.exception_edit, name="exception_add"),
    path(
        "availability/exceptions/<int:exception_id>/",
        views_availability.exception_edit,
        name="exception_edit",
    ),
    path(
        "availability/exceptions/<int:exception_id>/delete/",
        views_availability.exception_delete,
        name="exception_delete",
    ),
    path("teams/<int:team_id>/sessions/new/", views_availability.session_plan, name="session_plan"),
    # The canvas and the iterations (prototypes.views_iterations).
    path("teams/<int:team_id>/canvas/", views_iterations.canvas, name="canvas"),
    path("teams/<int:team_id>/iterations/", views_iterations.iteration_list, name="iterations"),
    path(
        "teams/<int:team_id>/iterations/new/",
        views_iterations.iteration_start,
        name="iteration_start",
    ),
    path(
        "teams/<int:team_id>/iterations/compare/",
        views_iterations.iteration_compare,
        name="iteration_compare",
    ),
    path(
        "teams/<int:team_id>/iterations/<int:number>/",
        views_iterations.iteration_detail,
        name="iteration_detail",
    ),
    path(
        "teams/<int:team_id>/iterations/<int:number>/edit/",
        views_iterations.iteration_edit,
        name="iteration_edit",
    ),
    path(
        "teams/<int:team_id>/iterations/<int:number>/submit/",
        views_iterations.iteration_submit,
        name="iteration_submit",
    ),
    # Coaching sessions (prototypes.views_sessions) and the person's calendar feed page
    # (prototypes.views_calendar); the feed itself is in prototypes.calendar_urls.
    path("teams/<int:team_id>/sessions/", views_sessions.session_list, name="session_list"),
    path(
        "teams/<int:team_id>/sessions/<int:session_id>/",
        views_sessions.session_detail,
        name="session_detail",
    ),
    path(
        "teams/<int:team_id>/sessions/<int:session_id>/answer/",
        views_sessions.session_respond,
        name="session_respond",
    ),
    path(
        "teams/<int:team_id>/sessions/<int:session_id>/move/",
        views_sessions.session_move,
        name="session_move",
    ),
    path(
        "teams/<int:team_id>/sessions/<int:session_id>/cancel/",
        views_sessions.session_cancel,
        name="session_cancel",
    ),
    path(
        "teams/<int:team_id>/sessions/<int:session_id>/record/",
        views_sessions.session_record,
        name="session_record",
    ),
    path(
        "teams/<int:team_id>/sessions/<int:session_id>/action-items/",
        views_sessions.action_item_add,
        name="action_item_add",
    ),
    path(
        "teams/<int:team_id>/sessions/<int:session_id>/action-items/<int:item_id>/done/",
        views_sessions.action_item_tick,
        name="action_item_tick",
    ),
    path(
        "teams/<int:team_id>/sessions/<int:session_id>/session.ics",
        views_sessions.session_ics,
        name="session_ics",
    ),
    path("calendar/", views_calendar.calendar_page, name="calendar"),
    path("calendar/reset/", views_calendar.calendar_reset, name="calendar_reset"),
    # Impact reflections (prototypes.views_reflections).
    path("teams/<int:team_id>/reflections/", views_reflections.reflection_list, name="reflections"),
    path(
        "teams/<int:team_id>/reflections/shared/",
        views_reflections.reflections_shared,
        name="reflections_shared",
    ),
    path(
        "teams/<int:team_id>/reflections/<str:kind>/<int:period>/",
        views_reflections.reflection_form,
        name="reflection_form",
    ),
    # Consent to publish, and quotes offered from one's own reflections
    # (prototypes.views_consent).
    path(
        "teams/<int:team_id>/reflections/<str:kind>/<int:period>/quote/",
        views_consent.quote_offer,
        name="quote_offer",
    ),
    path("privacy/consent/", views_consent.consent_page, name="consent"),
    path(
        "privacy/consent/programmes/<int:programme_id>/",
        views_consent.consent_give,
        name="consent_give",
    ),
    path(
        "privacy/consent/<int:consent_id>/withdraw/",
        views_consent.consent_withdraw,
        name="consent_withdraw",
    ),
    path(
        "privacy/quotes/<int:quote_id>/withdraw/",
        views_consent.quote_withdraw,
        name="quote_withdraw",
    ),
    # Coach reviews (prototypes.views_reviews).
    path("reviews/", views_reviews.review_queue_view, name="review_queue"),
    path(
        "teams/<int:team_id>/iterations/<int:number>/review/",
        views_reviews.review_form,
        name="review_form",
    ),
    # Evidence uploads and deletion (prototypes.views_evidence); downloads are in
    # prototypes.evidence_urls, without a language prefix.
    path(
        "teams/<int:team_id>/iterations/<int:number>/evidence/",
        views_evidence.iteration_evidence,
        name="iteration_evidence",
    ),
    path(
        "evidence/<int:evidence_id>/delete/",
        views_evidence.evidence_delete,
        name="evidence_delete",
    ),
    # Feedback links for stakeholders (prototypes.views_feedback); the stakeholder's page
    # is in prototypes.feedback_urls, without a language prefix.
    path(
        "teams/<int:team_id>/iterations/<int:number>/feedback-links/",
        views_feedback.link_create,
        name="feedback_link_create",
    ),
    path(
        "feedback-links/<int:link_id>/revoke/",
        views_feedback.link_revoke,
        name="feedback_link_revoke",
    ),
    path(
        "feedback-answers/<int:answer_id>/forget/",
        views_feedback.answer_forget,
        name="feedback_answer_forget",
    ),
    # The notification centre (prototypes.views_notifications).
    path("notifications/", views_notifications.notification_list, name="notifications"),
    path(
        "notifications/read/",
        views_notifications.notification_read_all,
        name="notifications_read_all",
    ),
    path(
        "notifications/<int:notification_id>/open/",
        views_notifications.notification_open,
        name="notification_open",
    ),
    path(
        "notifications/<int:notification_id>/read/",
        views_notifications.notification_read,
        name="notification_read",
    ),
    # How each person wants to hear from us (prototypes.views_preferences).
    path(
        "notifications/preferences/",
        views_preferences.preferences,
        name="notification_preferences",
    ),
    # Impact dashboards (prototypes.views_dashboard).
    path("teams/<int:team_id>/dashboard/", views_dashboard.team_dashboard, name="team_dashboard"),
    path(
        "programmes/<int:programme_id>/dashboard/",
        views_dashboard.programme_dashboard,
        name="programme_dashboard",
    ),
    # The cohort overview and its credit export (prototypes.views_cohort).
    path(
        "programmes/<int:programme_id>/cohort/",
        views_cohort.cohort_overview,
        name="cohort_overview",
    ),
    path(
        "programmes/<int:programme_id>/cohort/export/",
        views_cohort.cohort_export_start,
        name="cohort_export",
    ),
    # After the programme: a team's phase, and new members of a continuing team
    # (prototypes.views_continuation).
    path("teams/<int:team_id>/phase/", views_continuation.team_phase, name="team_phase"),
    path("teams/<int:team_id>/invite/", views_continuation.team_invite, name="team_invite"),
]
