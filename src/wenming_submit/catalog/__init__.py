"""The checklist: indicators, their materials and responsible units."""

from wenming_submit.catalog.codes import normalize_code
from wenming_submit.catalog.load import load_catalog
from wenming_submit.catalog.model import Catalog, Indicator, Material, MaterialKind

__all__ = ["Catalog", "Indicator", "Material", "MaterialKind", "load_catalog", "normalize_code"]
