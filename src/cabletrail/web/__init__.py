"""The web workspace: server-rendered pages over the store, each with a JSON twin under
``/api``. Local mode binds the loopback address for one analyst; see :func:`create_app`."""

from __future__ import annotations

from cabletrail.web.app import create_app

__all__ = ["create_app"]
