"""newslake: a workflow-orchestrated data lake for Chinese regional economic news."""

__version__ = "0.1.0"
