from django.urls import path

from . import views

app_name = "digest"

urlpatterns = [
    path("podpiska/confirm/<str:token>/", views.confirm_view, name="confirm"),
    path("podpiska/unsubscribe/<str:token>/", views.unsubscribe_view, name="unsubscribe"),
    path("podpiska/delete/<str:token>/", views.delete_view, name="delete"),
    path("digest/bounces/", views.bounces, name="bounces"),
]
