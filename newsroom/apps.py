"""Third-party apps under Arabic names (the admin's permission lists show an app's name)."""

from django_tasks_db.apps import TasksAppConfig


class TasksDatabaseConfig(TasksAppConfig):
    """django-tasks-db's queue table, named in Arabic."""

    verbose_name = "طابور المهام"
