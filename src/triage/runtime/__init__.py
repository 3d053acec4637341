"""Request-time triage: catalog, features, classifiers, the hand-off policy and the pipeline.

Imports nothing from `build` or `evaluation`: a serving worker loads only this.
"""
