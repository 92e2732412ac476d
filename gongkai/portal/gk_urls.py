from django.urls import path

from . import annual, disclosure

app_name = "gk"
urlpatterns = [
    path("", disclosure.catalogue, name="index"),
    path("statutory/", disclosure.statutory, name="statutory"),
    path("policies/", disclosure.policies, name="policies"),
    path("readings/", disclosure.readings, name="readings"),
    path("rules/", disclosure.rules, name="rules"),
    path("annual/", annual.annual_index, name="annual_index"),
    path("annual/<int:pk>/", annual.annual_report, name="annual_report"),
    path("annual/versions/<int:pk>/report.<str:fmt>", annual.annual_file, name="annual_file"),
    path("items/<int:pk>/", disclosure.item, name="item"),
    path("items/<int:pk>/files/<int:att_id>/", disclosure.attachment, name="attachment"),
    path("expired/", disclosure.expired_index, name="expired_index"),
    path("expired/<int:agency_id>/", disclosure.expired, name="expired"),
    path("search/", disclosure.search, name="search"),
    path("guide/", disclosure.guide_index, name="guide_index"),
    path("gazette/", disclosure.gazette_index, name="gazette_index"),
    path("gazette/<int:pk>/", disclosure.gazette_issue, name="gazette_issue"),
    path("gazette/<int:pk>/pdf/", disclosure.gazette_pdf, name="gazette_pdf"),
    path("guide/<int:agency_id>/", disclosure.guide, name="guide"),
    path("feed/rss/", disclosure.LatestItemsFeed(), name="rss"),
    path("feed/atom/", disclosure.LatestItemsAtom(), name="atom"),
]
