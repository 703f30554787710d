"""kehoach: the paperwork of a Vietnamese administrative plan, from YAML data and .docx templates."""

__version__ = "0.1.0"
