"""What pyproject.toml cannot declare: the reference data folders of data/ (standards, source definitions,
demo sites, map outlines: parkwatch.core.reference.NAMES) ship in the wheel as the package
`parkwatch/reference/`, so that a plain `pip install .` runs outside a checkout.

setuptools takes the package list from one place only, so the code packages are found here as well
(as `[tool.setuptools.packages.find]` did); each folder is found at build time, a new one is never left out.
"""

import runpy
from pathlib import Path

from setuptools import find_namespace_packages, setup

# read from the module itself (the build does not put the project on sys.path)
NAMES = runpy.run_path(str(Path(__file__).parent / "parkwatch" / "core" / "reference.py"))["NAMES"]

CODE = find_namespace_packages(include=["parkwatch*", "crawler*", "ocr*", "dashboard*", "demo*"])
REFERENCE = [f"parkwatch.reference.{p}" for p in find_namespace_packages("data", include=[f"{n}*" for n in NAMES])]

setup(
    packages=[*CODE, "parkwatch.reference", *REFERENCE],
    package_dir={"parkwatch.reference": "data"},
    package_data={
        "parkwatch.store.db": ["migrations/*.py", "migrations/script.py.mako", "migrations/versions/*.py"],
        **{p: ["*"] for p in REFERENCE},
    },
)
