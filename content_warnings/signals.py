"""What the warnings app tells the content it flags, which it does not know by name.

``flags_changed`` is sent (``sender`` the flagged model, ``instance`` the flagged object)
after ``services`` adds, changes or removes a flag on it, inside the same transaction: a
host app re-renders what shows that object, a page cache moves its generation.
"""

from django.dispatch import Signal

flags_changed = Signal()
