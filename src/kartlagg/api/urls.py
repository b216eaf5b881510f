from django.urls import path

from kartlagg.api.api import api

# Mounted at /api/ outside i18n_patterns: the API speaks one language and has stable paths.
urlpatterns = [path("", api.urls)]
