"""Pipeline stages. The ordered list lives in `pipeline.stages.registry`."""
