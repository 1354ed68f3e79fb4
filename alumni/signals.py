"""What alumni tells the layers above it, which it cannot import."""

from django.dispatch import Signal

# A peer pairing was agreed to or ended (by a queryset update, which sends no model signal):
# receivers get member_id, the member the peer supports.
pairing_changed = Signal()
