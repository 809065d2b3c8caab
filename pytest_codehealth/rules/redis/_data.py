"""Which members of the Redis clients return awaitables: generated, do not edit.

Written by `python scripts/gen_redis_commands.py` from the installed redis 8.1.0 and
coredis 6.9.0; tests/rules/test_redis_data.py fails when they drift apart. Keys are
`family.role`. AWAITABLE: the call returns an awaitable (a coroutine function, or a return
annotation naming `Awaitable`, `ResponseT` or `CommandRequest`); on a pipeline only its
`async def` members: its commands are buffered. ITERATORS: async generators, used with
`async for`. BLOCKING: sync members whose asyncio twin is awaited or iterated.
"""

from __future__ import annotations

REDIS_VERSION = "8.1.0"
COREDIS_VERSION = "6.9.0"


def _names(text: str) -> frozenset[str]:
    return frozenset(text.split())


AWAITABLE: dict[str, frozenset[str]] = {
    "coredis.client": _names(
        """
        acl_cat acl_deluser acl_dryrun acl_genpass acl_getuser acl_list acl_load acl_log acl_save
        acl_setuser acl_users acl_whoami append arcount ardel ardelrange arget argetrange argrep
        arinfo arinsert arlastitems arlen armget armset arnext arop arring arscan arseek arset
        asking auth backup_abort backup_cleanup backup_list backup_seal backup_start backup_status
        bgrewriteaof bgsave bitcount bitop bitpos blmove blmovem blmpop blpop brpop brpoplpush
        bzmpop bzpopmax bzpopmin client_caching client_getname client_getredir client_id client_info
        client_kill client_list client_no_evict client_no_touch client_pause client_reply
        client_setinfo client_setname client_tracking client_trackinginfo client_unblock
        client_unpause cluster_addslots cluster_addslotsrange cluster_bumpepoch
        cluster_count_failure_reports cluster_countkeysinslot cluster_delslots cluster_delslotsrange
        cluster_failover cluster_flushslots cluster_forget cluster_getkeysinslot cluster_info
        cluster_keyslot cluster_links cluster_meet cluster_myid cluster_nodes cluster_replicas
        cluster_replicate cluster_reset cluster_saveconfig cluster_set_config_epoch cluster_setslot
        cluster_shards cluster_slaves cluster_slots command command_count command_docs
        command_getkeys command_getkeysandflags command_info command_list config_get
        config_resetstat config_rewrite config_set copy create_request dbsize debug_object decr
        decrby delete delex digest dump echo eval eval_ro evalsha evalsha_ro execute_command exists
        expire expireat expiretime failover fcall fcall_ro flushall flushdb function_delete
        function_dump function_flush function_kill function_list function_load function_restore
        function_stats geoadd geodist geohash geopos georadius georadiusbymember geosearch
        geosearchstore get get_library getbit getdel getex getrange getset hdel hello hexists
        hexpire hexpireat hexpiretime hget hgetall hgetdel hgetex himport_discard himport_discardall
        himport_prepare himport_set hincrby hincrbyfloat hkeys hlen hmget hmset hpersist hpexpire
        hpexpireat hpexpiretime hpttl hrandfield hscan hset hsetex hsetnx hstrlen httl hvals incr
        incrby incrbyfloat increx info keys lastsave latency_doctor latency_graph latency_histogram
        latency_history latency_latest latency_reset lcs lindex linsert llen lmove lmovem lmpop
        lolwut lpop lpos lpush lpushx lrange lrem lset ltrim memory_doctor memory_malloc_stats
        memory_purge memory_stats memory_usage mget migrate module_list module_load module_loadex
        module_unload move mset msetex msetnx object_encoding object_freq object_idletime
        object_refcount on_retry_error persist pexpire pexpireat pexpiretime pfadd pfcount pfmerge
        ping psetex pttl publish pubsub_channels pubsub_numpat pubsub_numsub pubsub_shardchannels
        pubsub_shardnumsub quit randomkey readonly readwrite register_library rename renamenx
        replicaof reset restore role rpop rpoplpush rpush rpushx sadd save scan scard script_debug
        script_exists script_flush script_kill script_load sdiff sdiffcard sdiffstore select
        sentinel_ckquorum sentinel_config_get sentinel_config_set sentinel_failover
        sentinel_flushconfig sentinel_get_master_addr_by_name sentinel_infocache sentinel_master
        sentinel_masters sentinel_monitor sentinel_myid sentinel_remove sentinel_replicas
        sentinel_reset sentinel_sentinels sentinel_set sentinel_slaves set setbit setex setnx
        setrange shutdown sinter sintercard sinterstore sismember slaveof slowlog_get slowlog_len
        slowlog_reset smembers smismember smove sort sort_ro spop spublish srandmember srem sscan
        strlen substr sunion sunioncard sunionstore supports swapdb time touch transaction ttl type
        unlink vadd vcard vdim vemb vgetattr vinfo vismember vlinks vrandmember vrange vrem vsetattr
        vsim wait waitaof xack xackdel xadd xautoclaim xcfgset xclaim xdel xdelex xgroup_create
        xgroup_createconsumer xgroup_delconsumer xgroup_destroy xgroup_setid xinfo_consumers
        xinfo_groups xinfo_stream xlen xnack xpending xrange xread xreadgroup xrevrange xtrim zadd
        zcard zcount zdiff zdiffstore zincrby zinter zintercard zinterstore zlexcount zmpop zmscore
        zpopmax zpopmin zrandmember zrange zrangebylex zrangebyscore zrangestore zrank zrem
        zremrangebylex zremrangebyrank zremrangebyscore zrevrange zrevrangebylex zrevrangebyscore
        zrevrank zscan zscore zunion zunionstore
        """
    ),
    "coredis.lock": _names(
        """
        acquire extend lua_extend lua_release release
        """
    ),
    "coredis.pipeline": _names(
        """
        get_library register_library supports
        """
    ),
    "coredis.pubsub": _names(
        """
        get_message psubscribe punsubscribe run subscribe unsubscribe
        """
    ),
    "coredis.script": _names(
        """
        __call__ execute
        """
    ),
    "redis.client": _names(
        """
        acl_cat acl_deluser acl_dryrun acl_genpass acl_getuser acl_help acl_list acl_load acl_log
        acl_log_reset acl_save acl_setuser acl_users acl_whoami aclose append arcount ardel
        ardelrange arget argetrange argrep arinfo arinsert arlastitems arlen armget armset arnext
        arop arring arscan arseek arset auth bgrewriteaof bgsave bitcount bitfield_ro bitop bitpos
        blmove blmovem blmpop blpop brpop brpoplpush bzmpop bzpopmax bzpopmin client_getname
        client_getredir client_id client_info client_kill client_kill_filter client_list
        client_no_evict client_no_touch client_pause client_reply client_setinfo client_setname
        client_tracking client_tracking_off client_tracking_on client_trackinginfo client_unblock
        client_unpause close cluster cluster_addslots cluster_addslotsrange
        cluster_count_failure_report cluster_countkeysinslot cluster_delslots cluster_delslotsrange
        cluster_failover cluster_get_keys_in_slot cluster_info cluster_keyslot cluster_links
        cluster_meet cluster_myid cluster_myshardid cluster_nodes cluster_replicas cluster_replicate
        cluster_reset cluster_save_config cluster_set_config_epoch cluster_setslot
        cluster_setslot_stable cluster_shards cluster_slots command command_count command_getkeys
        command_getkeysandflags command_info command_list config_get config_resetstat config_rewrite
        config_set copy dbsize debug_object debug_segfault decr decrby delete delex digest dump echo
        eval eval_ro evalsha evalsha_ro execute_command exists expire expireat expiretime fcall
        fcall_ro flushall flushdb function_delete function_dump function_flush function_kill
        function_list function_load function_restore function_stats geoadd geodist geohash geopos
        georadius georadiusbymember geosearch geosearchstore get get_nodes_from_slot getbit getdel
        getex getrange getset hdel hexists hexpire hexpireat hexpiretime hget hgetall hgetdel hgetex
        himport_discard himport_discard_all himport_discard_all_internal himport_discard_internal
        himport_prepare himport_prepare_internal himport_set hincrby hincrbyfloat hkeys hlen hmget
        hmset hotkeys_get hotkeys_reset hotkeys_start hotkeys_stop hpersist hpexpire hpexpireat
        hpexpiretime hpttl hrandfield hscan hset hsetex hsetnx hstrlen httl hvals incr incrby
        incrbyfloat increx info initialize keys lastsave latency_history latency_latest
        latency_reset lcs lindex linsert llen lmove lmovem lmpop lolwut lpop lpos lpush lpushx
        lrange lrem lset ltrim memory_doctor memory_help memory_malloc_stats memory_purge
        memory_stats memory_usage mget mget_nonatomic migrate module_list module_load module_loadex
        module_unload move mset mset_nonatomic msetex msetnx object on_connect parse_response
        persist pexpire pexpireat pexpiretime pfadd pfcount pfmerge ping psetex psync pttl publish
        pubsub_channels pubsub_numpat pubsub_numsub pubsub_shardchannels pubsub_shardnumsub quit
        randomkey readonly readwrite rename renamenx replicaof reset restore role rpop rpoplpush
        rpush rpushx sadd save scan scard script_debug script_exists script_flush script_kill
        script_load sdiff sdiffcard sdiffstore select sentinel sentinel_ckquorum sentinel_failover
        sentinel_flushconfig sentinel_get_master_addr_by_name sentinel_master sentinel_masters
        sentinel_monitor sentinel_remove sentinel_reset sentinel_sentinels sentinel_set
        sentinel_slaves set setbit setex setnx setrange shutdown sinter sintercard sinterstore
        sismember slaveof slowlog_get slowlog_len slowlog_reset smembers smismember smove sort
        sort_ro spop spublish srandmember srem sscan stralgo strlen substr sunion sunioncard
        sunionstore swapdb sync time touch transaction ttl type unlink unwatch wait waitaof watch
        xack xackdel xadd xautoclaim xcfgset xclaim xdel xdelex xgroup_create xgroup_createconsumer
        xgroup_delconsumer xgroup_destroy xgroup_setid xinfo_consumers xinfo_groups xinfo_stream
        xlen xnack xpending xpending_range xrange xread xreadgroup xrevrange xtrim zadd zcard zcount
        zdiff zdiffstore zincrby zinter zintercard zinterstore zlexcount zmpop zmscore zpopmax
        zpopmin zrandmember zrange zrangebylex zrangebyscore zrangestore zrank zrem zremrangebylex
        zremrangebyrank zremrangebyscore zrevrange zrevrangebylex zrevrangebyscore zrevrank zscan
        zscore zunion zunionstore
        """
    ),
    "redis.lock": _names(
        """
        acquire do_acquire do_extend do_reacquire do_release extend locked owned reacquire release
        """
    ),
    "redis.pipeline": _names(
        """
        aclose client_tracking_off client_tracking_on close cluster_delslots command_info
        debug_segfault discard execute himport_discard himport_discard_all himport_prepare
        hotkeys_get hotkeys_reset hotkeys_start hotkeys_stop immediate_execute_command initialize
        load_scripts memory_doctor memory_help parse_response reset script_debug sentinel shutdown
        transaction unlink unwatch watch
        """
    ),
    "redis.pubsub": _names(
        """
        aclose check_health close connect execute_command get_message handle_message on_connect
        parse_response ping psubscribe punsubscribe reset run ssubscribe subscribe sunsubscribe
        unsubscribe
        """
    ),
    "redis.script": _names(
        """
        __call__
        """
    ),
}

ITERATORS: dict[str, frozenset[str]] = {
    "coredis.client": _names(
        """
        hscan_iter scan_iter sscan_iter zscan_iter
        """
    ),
    "coredis.lock": _names(""),
    "coredis.pipeline": _names(
        """
        hscan_iter scan_iter sscan_iter zscan_iter
        """
    ),
    "coredis.pubsub": _names(""),
    "coredis.script": _names(""),
    "redis.client": _names(
        """
        hscan_iter scan_iter sscan_iter zscan_iter
        """
    ),
    "redis.lock": _names(""),
    "redis.pipeline": _names(
        """
        hscan_iter scan_iter sscan_iter zscan_iter
        """
    ),
    "redis.pubsub": _names(
        """
        listen
        """
    ),
    "redis.script": _names(""),
}

BLOCKING: dict[str, frozenset[str]] = {
    "sync.client": _names(
        """
        acl_cat acl_deluser acl_dryrun acl_genpass acl_getuser acl_help acl_list acl_load acl_log
        acl_log_reset acl_save acl_setuser acl_users acl_whoami append arcount ardel ardelrange
        arget argetrange argrep arinfo arinsert arlastitems arlen armget armset arnext arop arring
        arscan arseek arset auth bgrewriteaof bgsave bitcount bitfield_ro bitop bitpos blmove
        blmovem blmpop blpop brpop brpoplpush bzmpop bzpopmax bzpopmin client_getname
        client_getredir client_id client_info client_kill client_kill_filter client_list
        client_no_evict client_no_touch client_pause client_reply client_setinfo client_setname
        client_tracking client_tracking_off client_tracking_on client_trackinginfo client_unblock
        client_unpause cluster cluster_addslots cluster_addslotsrange cluster_count_failure_report
        cluster_countkeysinslot cluster_delslots cluster_delslotsrange cluster_failover
        cluster_get_keys_in_slot cluster_info cluster_keyslot cluster_links cluster_meet
        cluster_myid cluster_myshardid cluster_nodes cluster_replicas cluster_replicate
        cluster_reset cluster_save_config cluster_set_config_epoch cluster_setslot
        cluster_setslot_stable cluster_shards cluster_slots command command_count command_getkeys
        command_getkeysandflags command_info command_list config_get config_resetstat config_rewrite
        config_set copy dbsize debug_object debug_segfault decr decrby delete delex digest dump echo
        eval eval_ro evalsha evalsha_ro execute_command exists expire expireat expiretime fcall
        fcall_ro flushall flushdb function_delete function_dump function_flush function_kill
        function_list function_load function_restore function_stats geoadd geodist geohash geopos
        georadius georadiusbymember geosearch geosearchstore get get_nodes_from_slot getbit getdel
        getex getrange getset hdel hexists hexpire hexpireat hexpiretime hget hgetall hgetdel hgetex
        himport_discard himport_discard_all himport_discard_all_internal himport_discard_internal
        himport_prepare himport_prepare_internal himport_set hincrby hincrbyfloat hkeys hlen hmget
        hmset hotkeys_get hotkeys_reset hotkeys_start hotkeys_stop hpersist hpexpire hpexpireat
        hpexpiretime hpttl hrandfield hscan hscan_iter hset hsetex hsetnx hstrlen httl hvals incr
        incrby incrbyfloat increx info keys lastsave latency_history latency_latest latency_reset
        lcs lindex linsert llen lmove lmovem lmpop lolwut lpop lpos lpush lpushx lrange lrem lset
        ltrim memory_doctor memory_help memory_malloc_stats memory_purge memory_stats memory_usage
        mget mget_nonatomic migrate module_list module_load module_loadex module_unload move mset
        mset_nonatomic msetex msetnx object on_connect parse_response persist pexpire pexpireat
        pexpiretime pfadd pfcount pfmerge ping psetex psync pttl publish pubsub_channels
        pubsub_numpat pubsub_numsub pubsub_shardchannels pubsub_shardnumsub quit randomkey readonly
        readwrite rename renamenx replicaof reset restore role rpop rpoplpush rpush rpushx sadd save
        scan scan_iter scard script_debug script_exists script_flush script_kill script_load sdiff
        sdiffcard sdiffstore select sentinel sentinel_ckquorum sentinel_failover
        sentinel_flushconfig sentinel_get_master_addr_by_name sentinel_master sentinel_masters
        sentinel_monitor sentinel_remove sentinel_reset sentinel_sentinels sentinel_set
        sentinel_slaves set setbit setex setnx setrange shutdown sinter sintercard sinterstore
        sismember slaveof slowlog_get slowlog_len slowlog_reset smembers smismember smove sort
        sort_ro spop spublish srandmember srem sscan sscan_iter stralgo strlen substr sunion
        sunioncard sunionstore swapdb sync time touch transaction ttl type unlink unwatch wait
        waitaof watch xack xackdel xadd xautoclaim xcfgset xclaim xdel xdelex xgroup_create
        xgroup_createconsumer xgroup_delconsumer xgroup_destroy xgroup_setid xinfo_consumers
        xinfo_groups xinfo_stream xlen xnack xpending xpending_range xrange xread xreadgroup
        xrevrange xtrim zadd zcard zcount zdiff zdiffstore zincrby zinter zintercard zinterstore
        zlexcount zmpop zmscore zpopmax zpopmin zrandmember zrange zrangebylex zrangebyscore
        zrangestore zrank zrem zremrangebylex zremrangebyrank zremrangebyscore zrevrange
        zrevrangebylex zrevrangebyscore zrevrank zscan zscan_iter zscore zunion zunionstore
        """
    ),
    "sync.lock": _names(
        """
        acquire do_acquire do_extend do_reacquire do_release extend locked owned reacquire release
        """
    ),
    "sync.pipeline": _names(
        """
        discard execute immediate_execute_command load_scripts parse_response reset sentinel
        shutdown unlink unwatch watch
        """
    ),
    "sync.pubsub": _names(
        """
        check_health execute_command get_message handle_message listen on_connect parse_response
        ping psubscribe punsubscribe reset ssubscribe subscribe sunsubscribe unsubscribe
        """
    ),
    "sync.script": _names(
        """
        __call__
        """
    ),
}
