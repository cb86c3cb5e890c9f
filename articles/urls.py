from django.urls import path

from articles import views

app_name = "articles"

urlpatterns = [
    path("articles/<int:pk>/<str:slug>/", views.article_detail, name="article_detail"),
    path("people/<str:slug>/", views.person_detail, name="person_detail"),
    path("places/<str:slug>/", views.location_detail, name="location_detail"),
    path("sources/<str:slug>/", views.source_detail, name="source_detail"),
]
