"""What a report form says about itself, so that a returned form finds its plan, its version and its unit.

Written into the form's custom document properties (Word: File > Info > Properties > Advanced > Custom;
LibreOffice: File > Properties > Custom Properties): they survive editing and saving in Word and LibreOffice,
and a conversion to .doc and back. The plan is known by its issuer, kind and trích yếu (not its number, which
the văn thư fills in when it is signed); its version by its task table, so a form sent before the table
changed is told apart.
"""

from __future__ import annotations

import hashlib

from .model import Plan, Unit

PLAN = "kehoach_ke_hoach"  # the plan's key
TITLE = "kehoach_ten_ke_hoach"  # the plan as people read it (for a clerk looking at the properties)
VERSION = "kehoach_phien_ban"  # the task table's fingerprint
UNIT = "kehoach_don_vi"  # the unit's id in the plan file
UNIT_NAME = "kehoach_ten_don_vi"
NAMES = (PLAN, TITLE, VERSION, UNIT, UNIT_NAME)


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


def plan_key(plan: Plan) -> str:
    return _digest(plan.issuer.name, plan.kind, plan.subject)


def plan_version(plan: Plan) -> str:
    rows = ["\x1e".join((t.id, *t.content, *t.leads, "|", *t.partners, t.timeline, str(t.deadline or "")))
            for t in plan.tasks()]
    return _digest(*rows)


def form_properties(plan: Plan, unit: Unit) -> dict[str, str]:
    return {
        PLAN: plan_key(plan),
        TITLE: f"{plan.kind} {plan.subject}"[:250],
        VERSION: plan_version(plan),
        UNIT: unit.id,
        UNIT_NAME: unit.name[:250],
    }
