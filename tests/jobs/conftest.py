from tests.admin.conftest import editor, editor_client, reporter, reporter_client  # noqa: F401
