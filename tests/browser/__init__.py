"""Browser tests. A package, so its conftest does not replace tests/conftest.py as the module `conftest`
(other test modules do `from conftest import ...`)."""
