"""Text helpers shared by every stage: one copy each (normalize, sentences, lexicon, overlap)."""
