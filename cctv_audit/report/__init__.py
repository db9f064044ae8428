"""The reporting layer: a report model (JSON) built from the database once, and renderers over it.

``model`` is the only module that queries the database; ``html``, ``exports`` and ``diff`` work on the JSON it
builds (Lighthouse's split between the report data and its renderer), so every output shows the same numbers.
"""

from __future__ import annotations
