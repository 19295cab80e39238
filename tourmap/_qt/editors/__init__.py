"""Editors of the open tour: forms whose fields are checked by the model's rules as they
are typed, and which change the tour only through commands on its document."""
