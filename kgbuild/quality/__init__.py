"""Quality stage: how good a graph is. SHACL validation against the vocabulary's shapes
(:mod:`~kgbuild.quality.validate`, ``kgbuild validate``)."""

__all__: list[str] = []
