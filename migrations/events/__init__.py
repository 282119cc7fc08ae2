"""Upcasters: pure functions on a stored event's dict, one module per aggregate.

An event class that changes shape raises its `class_version` and gains a static method
`upcast_vN_vM` that calls the function kept here, e.g. in domain/member.py:

    class SkillClaimed(Entity.Event):
        class_version = 2
        upcast_v1_v2 = staticmethod(migrations.events.member.skill_claimed_v1_v2)

The library applies them in order when it decodes an older stored event.
"""
