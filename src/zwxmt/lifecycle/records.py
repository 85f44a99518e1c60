"""A dated event in an account's history (事件记录): event, date, actor and payload."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from pydantic_core import InitErrorDetails

from zwxmt.lifecycle.payloads import PAYLOADS, AnyPayload, EventPayload, NoPayload
from zwxmt.lifecycle.states import Event

__all__ = ["EventRecord"]


class EventRecord(BaseModel):
    """One event of a history: what happened, on which day, done by whom, with what.

    ``payload`` may be given as a mapping; it is validated against the model of the event
    (:data:`~zwxmt.lifecycle.payloads.PAYLOADS`), so a wrong field names the event and field.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    event: Event
    on: dt.date
    actor: str = Field(min_length=1, description="who acted: a unit id, a platform, a person")
    payload: AnyPayload = Field(default_factory=NoPayload)

    @model_validator(mode="before")
    @classmethod
    def _typed_payload(cls, data: Any) -> Any:
        if not isinstance(data, dict) or "event" not in data:
            return data
        try:
            event = Event(data["event"])
        except ValueError:
            return data  # the field validator reports the unknown event
        model = PAYLOADS[event]
        raw = data.get("payload")
        if isinstance(raw, model):
            return data
        if raw is None:
            raw = {}
        elif isinstance(raw, EventPayload):
            raw = raw.model_dump()
        try:
            payload = model.model_validate(raw)
        except ValidationError as exc:
            # Report the payload's own errors under "payload.<field>".
            raise ValidationError.from_exception_data(cls.__name__, [
                InitErrorDetails(type=e["type"], loc=("payload", *e["loc"]), input=e["input"],
                                 ctx=e.get("ctx", {}))
                for e in exc.errors()]) from None
        return {**data, "payload": payload}
