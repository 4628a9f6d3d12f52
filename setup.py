"""Build hook: pyproject.toml holds the metadata; this adds the package data that lives outside gkextract/.

configs/, models/ and corpus/synth/ stay where the project edits them and are mapped into the wheel as
gkextract/_data/{configs,models,corpus/synth} (setuptools package_dir), so an installed gkextract finds
them through importlib.resources (gkextract/paths.py). Code packages are found as usual.
"""
from setuptools import find_packages, setup

DATA_DIRS = {  # package name in the wheel -> folder in the checkout
    "gkextract._data.configs": "configs",
    "gkextract._data.models": "models",
    "gkextract._data.corpus.synth": "corpus/synth",
}
DATA_FILES = ["*.yaml", "*.yml", "*.txt", "*.cfg", "*.json", "*.md", "**/*"]

setup(
    packages=find_packages(include=["gkextract", "gkextract.*"]) + list(DATA_DIRS),
    package_dir={"": ".", **DATA_DIRS},
    package_data={
        "gkextract": ["py.typed"],
        "gkextract.reviewer": ["templates/*"],
        **{name: DATA_FILES for name in DATA_DIRS},
    },
    exclude_package_data={name: ["**/__pycache__/*", "**/*.pyc"] for name in DATA_DIRS},
)
