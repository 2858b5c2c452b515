"""The notification URLs, mounted by nexus_site.urls under their prefixes:

- ``dashboard_urlpatterns`` under ``dashboard/notifications/``
- ``account_urlpatterns`` under ``accounts/notifications/`` (in the language-prefixed part)
- ``api_urlpatterns`` under ``api/account/notifications/``
"""

from django.urls import path

from commerce.communication import account_views, api, dashboard_views

dashboard_urlpatterns = [
    path(
        "messages/",
        dashboard_views.MessageListView.as_view(),
        name="dashboard-notifications-messages",
    ),
    path(
        "messages/<int:pk>/resend/",
        dashboard_views.MessageResendView.as_view(),
        name="dashboard-notifications-message-resend",
    ),
    path(
        "templates/",
        dashboard_views.TemplateListView.as_view(),
        name="dashboard-notifications-templates",
    ),
    path(
        "templates/<str:event>/<str:channel>/<str:language>/",
        dashboard_views.TemplateEditView.as_view(),
        name="dashboard-notifications-template-edit",
    ),
]

account_urlpatterns = [
    path(
        "",
        account_views.NotificationPreferenceView.as_view(),
        name="customer-notification-preferences",
    ),
]

api_urlpatterns = [
    path("", api.NotificationPreferenceView.as_view(), name="api-account-notifications"),
]
