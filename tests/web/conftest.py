"""The browser front's tests run ``async def`` Pilot tests the way the UI tests do."""

from tests.tui.conftest import pytest_pyfunc_call  # noqa: F401
