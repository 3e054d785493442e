from .department import Department

__all__ = ["Department"]
