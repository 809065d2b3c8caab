"""Module helpers (`client.json()`, `.ft()`, ...): generated, do not edit.

Written by `python scripts/gen_redis_commands.py` from the installed redis 8.1.0;
tests/rules/test_redis_data.py fails when they drift apart. HELPERS: client method -> role of
the helper it returns. AWAITABLE: members of the asyncio client's helper that send a command
(they return awaitables), by `redis.<role>`; BLOCKING: those of the sync client's helper, by
`sync.<role>`.
"""

from __future__ import annotations

from pytest_codehealth.rules.redis._data import _names

HELPERS = {
    "bf": "bf",
    "cf": "cf",
    "cms": "cms",
    "ft": "ft",
    "json": "json",
    "tdigest": "tdigest",
    "topk": "topk",
    "ts": "ts",
    "vset": "vset",
}

AWAITABLE: dict[str, frozenset[str]] = {
    "redis.bf": _names(
        """
        add card create exists info insert loadchunk madd mexists reserve scandump
        """
    ),
    "redis.cf": _names(
        """
        add addnx count create delete exists info insert insertnx loadchunk mexists reserve scandump
        """
    ),
    "redis.cms": _names(
        """
        incrby info initbydim initbyprob merge query
        """
    ),
    "redis.ft": _names(
        """
        add_document add_document_hash aggregate aliasadd aliasdel aliaslist aliasupdate
        alter_schema_add config_get config_set create_index delete_document dict_add dict_del
        dict_dump dropindex explain get hybrid_search info load_document profile search spellcheck
        sugadd sugdel sugget suglen syndump synupdate tagvals
        """
    ),
    "redis.json": _names(
        """
        arrappend arrindex arrinsert arrlen arrpop arrtrim clear debug delete forget get jsonget
        jsonmget jsonset merge mget mset numincrby nummultby objkeys objlen resp set set_file
        set_path strappend strlen toggle type
        """
    ),
    "redis.tdigest": _names(
        """
        add byrank byrevrank cdf create info max merge min quantile rank reset revrank trimmed_mean
        """
    ),
    "redis.topk": _names(
        """
        add count incrby info list query reserve
        """
    ),
    "redis.ts": _names(
        """
        add alter create createrule decrby delete deleterule get incrby info madd mget mrange
        mrevrange nrange nrevrange queryindex querylabels range read revrange
        """
    ),
    "redis.vset": _names(
        """
        vadd vcard vdim vemb vgetattr vinfo vlinks vrandmember vrange vrem vsetattr vsim
        """
    ),
}

BLOCKING: dict[str, frozenset[str]] = {
    "sync.bf": _names(
        """
        add card create exists info insert loadchunk madd mexists reserve scandump
        """
    ),
    "sync.cf": _names(
        """
        add addnx count create delete exists info insert insertnx loadchunk mexists reserve scandump
        """
    ),
    "sync.cms": _names(
        """
        incrby info initbydim initbyprob merge query
        """
    ),
    "sync.ft": _names(
        """
        add_document add_document_hash aggregate aliasadd aliasdel aliaslist aliasupdate
        alter_schema_add config_get config_set create_index delete_document dict_add dict_del
        dict_dump dropindex explain get hybrid_search info profile search spellcheck sugadd sugdel
        sugget suglen syndump synupdate tagvals
        """
    ),
    "sync.json": _names(
        """
        arrappend arrindex arrinsert arrlen arrpop arrtrim clear debug delete forget get jsonget
        jsonmget jsonset merge mget mset numincrby nummultby objkeys objlen resp set set_file
        set_path strappend strlen toggle type
        """
    ),
    "sync.tdigest": _names(
        """
        add byrank byrevrank cdf create info max merge min quantile rank reset revrank trimmed_mean
        """
    ),
    "sync.topk": _names(
        """
        add count incrby info list query reserve
        """
    ),
    "sync.ts": _names(
        """
        add alter create createrule decrby delete deleterule get incrby info madd mget mrange
        mrevrange nrange nrevrange queryindex querylabels range read revrange
        """
    ),
    "sync.vset": _names(
        """
        vadd vcard vdim vemb vgetattr vinfo vlinks vrandmember vrange vrem vsetattr vsim
        """
    ),
}
