"""Spiders: one per source definition in data/sources/*.yaml.

`declared.py` makes a `SourceSpider` class for every definition that needs no code; a source that
needs code names its class in the YAML (`spider: module:Class`) and that module defines it.
"""
