"""A trimmed reproduction of the pyparsing 2.4.7 -> 3.0.0 split, written for these tests.

Only the shapes matter (names, signatures, `__all__`, how names are bound); the bodies do
nothing. Old: one module. New: a package re-exporting its submodules, with camelCase names
kept as aliases (`parseString = parse_string`) and camelCase keyword-only parameters kept
beside the snake_case ones (`Literal(match_string='', *, matchString='')`).
"""

from __future__ import annotations

OLD = '''\
"""pyparsing, before the split (a reproduction)."""
import re
import sys
from typing import TYPE_CHECKING

__all__ = [
    "And", "Literal", "OnlyOnce", "ParseException", "ParseResults", "ParserElement",
    "commaSeparatedList", "downcaseTokens", "infixNotation", "makeHTMLTags", "makeXMLTags",
    "oneOf", "operatorPrecedence", "re", "replaceWith", "srange", "upcaseTokens",
]

if TYPE_CHECKING:
    from typing import Any as ParserAction  # never bound at run time: not API

if sys.version_info[0] == 2:
    text_type = unicode  # Python 2 only: not API


class ParseException(Exception):
    def __init__(self, pstr, loc=0, msg=None, elem=None):
        self.pstr, self.loc = pstr, loc

    @staticmethod
    def explain(exc, depth=16):
        return str(exc)


class ParseResults:
    def __new__(cls, toklist=None, name=None, asList=True, modal=True):
        return object.__new__(cls)

    def __init__(self, toklist=None, name=None, asList=True, modal=True):
        self.toklist = toklist

    def get(self, key, defaultValue=None):
        return defaultValue


class ParserElement:
    def __init__(self, savelist=False):
        self.savelist = savelist

    def parseString(self, instring, parseAll=False):
        return ParseResults()

    def parseFile(self, file_or_filename, parseAll=False):
        return ParseResults()

    def __call__(self, name=None):
        return self


class Literal(ParserElement):
    def __init__(self, matchString):
        super().__init__()


class And(ParserElement):
    def __init__(self, exprs, savelist=True):
        super().__init__(savelist)


class OnlyOnce:
    def __init__(self, methodCall):
        self.callable = methodCall


def srange(s):
    return s


def oneOf(strs, caseless=False, useRegex=True, asKeyword=False):
    return Literal(strs)


def replaceWith(replStr):
    return lambda *args: [replStr]


def upcaseTokens(s, l, t):
    return [tt.upper() for tt in t]


def downcaseTokens(s, l, t):
    return [tt.lower() for tt in t]


def makeHTMLTags(tagStr):
    return Literal(tagStr), Literal(tagStr)


def makeXMLTags(tagStr):
    return Literal(tagStr), Literal(tagStr)


def infixNotation(baseExpr, opList, lpar=Literal("("), rpar=Literal(")")):
    return baseExpr


operatorPrecedence = infixNotation
commaSeparatedList = Literal(",")
'''

INIT = '''\
"""pyparsing, after the split (a reproduction)."""
import re

from .actions import OnlyOnce, replaceWith, replace_with
from .core import And, Literal, ParserElement, srange, oneOf, one_of
from .exceptions import ParseException
from .helpers import infixNotation, infix_notation, makeHTMLTags, makeXMLTags
from .results import ParseResults
from . import common
from .common import pyparsing_common as common  # the class always wins over the submodule

__all__ = [
    "And", "Literal", "OnlyOnce", "ParseException", "ParseResults", "ParserElement",
    "common", "infixNotation", "infix_notation", "makeHTMLTags", "makeXMLTags", "oneOf",
    "one_of", "replaceWith", "replace_with", "srange",
]
'''

CORE = """\
from .results import ParseResults


class ParserElement:
    def __init__(self, savelist=False):
        self.savelist = savelist

    def parse_string(self, instring, parse_all=False, *, parseAll=False):
        return ParseResults()

    def parse_file(self, file_or_filename, encoding="utf-8", parse_all=False, *, parseAll=False):
        return ParseResults()

    def __call__(self, name=None):
        return self

    parseString = parse_string
    parseFile = parse_file


class Literal(ParserElement):
    def __init__(self, match_string="", *, matchString=""):
        super().__init__()


class And(ParserElement):
    def __init__(self, exprs_arg, savelist=True):
        super().__init__(savelist)


def srange(s):
    return s


def one_of(strs, caseless=False, use_regex=True, as_keyword=False, *, useRegex=True,
           asKeyword=False):
    return Literal(strs)


oneOf = one_of
"""

FILES = {
    "__init__.py": INIT,
    "core.py": CORE,
    "actions.py": (
        "class OnlyOnce:\n    def __init__(self, method_call):\n        self.callable = "
        "method_call\n\n\ndef replace_with(repl_str):\n    return lambda *args: [repl_str]\n"
        "\n\nreplaceWith = replace_with\n"
    ),
    "exceptions.py": (
        "class ParseException(Exception):\n    def __init__(self, pstr, loc=0, msg=None, "
        "elem=None):\n        self.pstr, self.loc = pstr, loc\n\n    def explain(self, "
        "depth=16):\n        return str(self)\n"
    ),
    "results.py": (
        "class ParseResults:\n    def __new__(cls, toklist=None, name=None, **kwargs):\n"
        "        return object.__new__(cls)\n\n    def __init__(self, toklist=None, name=None, "
        "asList=True, modal=True):\n        self.toklist = toklist\n\n    def get(self, key, "
        "default_value=None):\n        return default_value\n"
    ),
    "helpers.py": (
        "from .core import Literal\n\n\ndef make_html_tags(tag_str):\n    return "
        "Literal(tag_str), Literal(tag_str)\n\n\ndef make_xml_tags(tag_str):\n    return "
        "Literal(tag_str), Literal(tag_str)\n\n\ndef infix_notation(base_expr, op_list, "
        'lpar=Literal("("), rpar=Literal(")")):\n    return base_expr\n\n\n'
        "makeHTMLTags = make_html_tags\nmakeXMLTags = make_xml_tags\n"
        "infixNotation = infix_notation\n"
    ),
    "common.py": "class pyparsing_common:\n    pass\n",
}
