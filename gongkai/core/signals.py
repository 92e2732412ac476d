from django.dispatch import Signal

# Sent after a year's holiday arrangement is added or changed (kwargs: actor, year).
calendar_changed = Signal()
