"""Loading checker's own data once per run: YAML, schemas, question sets, rules, detectors, configuration."""
