"""Shared test set-up: make tests/ importable (for the fake submissions) and keep runs offline."""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
os.environ.setdefault("MPLBACKEND", "Agg")
