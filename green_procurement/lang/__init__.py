"""The rule language kernel: the fact schema (:mod:`.fields`), the operator table (:mod:`.ops`), the
intermediate form of conditions (:mod:`.ir`) and its recording interpreter (:mod:`.interp`).

Everything that reads a rule condition — validation (:mod:`green_procurement.rules`), the reference
backend, the durable-rules compiler, the projection memo and ``explain`` — reads these modules, so an
operator or a field is declared in exactly one place.
"""

from . import fields, interp, ir, ops

__all__ = ["fields", "interp", "ir", "ops"]
