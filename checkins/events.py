"""What check-ins tell the rest of the product: a member recorded something new.

Check-ins sit below alerts in the layers, so they cannot call the warning-stage rules
themselves. They send `recorded` after saving a check-in or a report of use, and the alerts
app listens (alerts.apps) and evaluates the member once the save has committed. If the
broker is down the row keeps `evaluated_at` empty and the alerts sweep finds it.
"""

from __future__ import annotations

from django.dispatch import Signal

# Sent inside the saving transaction with `member_id`; sender is the model saved.
recorded = Signal()
