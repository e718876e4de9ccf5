"""wenming-submit: turn department files into the 网上申报材料 of the 全国文明城市测评."""

__version__ = "0.1.0"
