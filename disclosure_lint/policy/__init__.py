"""Between the engine and the reports: which rules run (configuration), which findings the
author silenced (suppressions) or accepted earlier (baseline), and a content-based fingerprint
for each finding. Findings are moved, never recomputed: the engine's contract stays as it is."""
