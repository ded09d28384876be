from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Topic


@admin.register(Topic)
class TopicAdmin(SimpleHistoryAdmin):
    list_display = ["name_en", "name_fr", "active"]
