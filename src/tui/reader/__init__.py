"""The reader's state and decisions, with no Textual and no Rich: the screen routes keys and
library events to a ReaderSession and draws what each call says changed (see session.py)."""
