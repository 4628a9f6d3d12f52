"""Package data: the wheel maps configs/, models/ and corpus/synth/ here at build time (setup.py).

Empty in a checkout; gkextract.paths finds the checkout's folders first."""
