from django.urls import path

from gongkai.agencies import views as agency_views

from . import letter_register_views, letter_template_views, views

app_name = "office"
urlpatterns = [
    path("", views.home, name="home"),
    path("queue/", views.queue, name="queue"),
    path("queue/export.xlsx", views.queue_export, name="queue_export"),
    path("register/", views.register, name="register"),
    path("cases/<int:pk>/", views.case, name="case"),
    path("cases/<int:pk>/registered/", views.registered, name="registered"),
    path("cases/<int:pk>/code/", views.reissue_code, name="reissue_code"),
    path("cases/<int:pk>/do/<slug:action>/", views.case_action, name="case_action"),
    path("cases/<int:pk>/files/<int:att_id>/", views.attachment, name="attachment"),
    path("cases/<int:pk>/letters/<int:letter_id>.<str:fmt>", views.letter, name="letter"),
    path("cases/<int:pk>/letters/<int:letter_id>/void/", views.void_letter, name="void_letter"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("letters/register/", letter_register_views.letter_register, name="letter_register"),
    path(
        "letters/register/export.xlsx",
        letter_register_views.letter_register_export,
        name="letter_register_export",
    ),
    # agency admin (机关管理员)
    path("agency/users/", agency_views.agency_users, name="agency_users_default"),
    path("agency/<int:agency_id>/users/", agency_views.agency_users, name="agency_users"),
    path(
        "agency/<int:agency_id>/users/new/",
        agency_views.agency_user_create,
        name="agency_user_create",
    ),
    path(
        "agency/<int:agency_id>/roles/grant/",
        agency_views.agency_role_grant,
        name="agency_role_grant",
    ),
    path(
        "agency/roles/<int:membership_id>/revoke/",
        agency_views.agency_role_revoke,
        name="agency_role_revoke",
    ),
    path("agency/users/<int:user_id>/active/", agency_views.user_set_active, name="user_active"),
    path("agency/<int:agency_id>/settings/", agency_views.agency_settings, name="agency_settings"),
    path(
        "agency/<int:agency_id>/letters/",
        letter_template_views.letter_templates,
        name="letter_templates",
    ),
    path(
        "agency/<int:agency_id>/letters/<slug:kind>/<slug:decision>/",
        letter_template_views.letter_template_edit,
        name="letter_template_edit",
    ),
    path(
        "agency/<int:agency_id>/letters/<slug:kind>/<slug:decision>/preview/",
        letter_template_views.letter_template_preview,
        name="letter_template_preview",
    ),
]
