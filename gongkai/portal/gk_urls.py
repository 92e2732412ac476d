from django.urls import path

from . import disclosure

app_name = "gk"
urlpatterns = [
    path("", disclosure.catalogue, name="index"),
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
