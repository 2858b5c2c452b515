from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from commerce.outbox.models import TaskMessage


@admin.register(TaskMessage)
class TaskMessageAdmin(admin.ModelAdmin):
    """Read-only: rows are written by ``task_enqueue`` and updated by the dispatcher."""

    list_display = ["task", "created_at", "dispatched_at", "attempts", "last_error_short"]
    list_filter = [("dispatched_at", admin.EmptyFieldListFilter), "task"]
    search_fields = ["task", "last_error"]
    date_hierarchy = "created_at"
    ordering = ["-pk"]
    readonly_fields = [
        "task",
        "kwargs",
        "created_at",
        "dispatched_at",
        "attempts",
        "last_error",
        "next_attempt_at",
    ]

    @admin.display(description=_("last error"))
    def last_error_short(self, obj: TaskMessage) -> str:
        return obj.last_error.splitlines()[0][:120] if obj.last_error else ""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
