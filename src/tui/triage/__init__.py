"""Triage: the reader's rules (watches, hide rules), dismissed papers, tags, notes and what was
seen before. Plain data and rules, no Textual; the state store keeps them (tui.state)."""
