"""What contacts tells the layers above it, which it cannot import."""

from django.dispatch import Signal

# A member's contacts changed in a way that sends no model signal (a bulk reorder, a queryset
# update): receivers get member_id.
contacts_changed = Signal()
