"""Trainers' and reporters' tools over the knowledge base: quiz (generate / export), outline, compare.

Each reads clauses through the Assistant and quotes them verbatim; export helpers shared by all live in export.py.
"""
